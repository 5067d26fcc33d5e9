import { type SignerReport, publicationNote, codeSpan, formatLabel, markdownTable } from '@sigil/toolkit';
import type { ProvenancePredicate } from './predicate-input.js';
import type { ImageOutcome } from './outcome.js';

/** The job summary: what the provenance claims, then one row per attested digest and per failed image. */
export function provenanceSummary(
  predicate: ProvenancePredicate,
  outcomes: readonly ImageOutcome[],
  signer: SignerReport,
): string {
  const rows = outcomes.flatMap((outcome) => {
    if (!outcome.ok) {
      return [
        [
          codeSpan(outcome.image),
          outcome.target ? codeSpan(outcome.target.digest) : '—',
          '—',
          '—',
          `❌ ${codeSpan(outcome.error.code)} ${outcome.error.message}`,
        ],
      ];
    }
    return outcome.result.map((result) => {
      const replaced = result.replaced > 0 ? `, replaced ${result.replaced} earlier` : '';
      return [
        codeSpan(result.platform === undefined ? outcome.image : `${outcome.image} (${result.platform})`),
        codeSpan(result.digest),
        formatLabel(result),
        codeSpan(result.ref),
        result.deduplicated ? '✅ already attested by this signer' : `✅ attested${replaced}`,
      ];
    });
  });
  const attested = outcomes.filter((outcome) => outcome.ok).length;
  const claims = markdownTable(
    ['Provenance', ''],
    [
      [
        'Predicate',
        predicate.origin === 'workflow run' ? 'generated from this workflow run' : codeSpan(predicate.origin),
      ],
      ['Source', predicate.source === undefined ? '—' : codeSpan(predicate.source)],
      ['Builder', predicate.builderId === undefined ? '—' : codeSpan(predicate.builderId)],
    ],
  );
  return [
    '### sigil attest-provenance',
    '',
    `${attested} of ${outcomes.length} image(s) attested with SLSA Provenance v1. ${publicationNote(
      outcomes.flatMap((outcome) => (outcome.ok ? outcome.result : [])),
      signer,
    )}`,
    '',
    claims,
    markdownTable(['Image', 'Digest', 'Format', 'Attestation', 'Result'], rows),
  ].join('\n');
}
