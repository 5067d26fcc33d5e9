import { type SignerReport, publicationNote, codeSpan, formatLabel, markdownTable } from '@sigil/toolkit';
import type { ImageOutcome } from './outcome.js';

/** The job summary: one row per signed digest (children of an index included), one per failed image. */
export function signSummary(outcomes: readonly ImageOutcome[], signer: SignerReport): string {
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
    return outcome.signatures.map((signature) => [
      codeSpan(signature.image),
      codeSpan(signature.digest),
      formatLabel(signature),
      codeSpan(signature.ref),
      signature.deduplicated ? '✅ already signed by this signer' : '✅ signed',
    ]);
  });
  const signed = outcomes.filter((outcome) => outcome.ok).length;
  return [
    '### sigil sign-image',
    '',
    `${signed} of ${outcomes.length} image(s) signed. ${publicationNote(
      outcomes.flatMap((outcome) => (outcome.ok ? outcome.signatures : [])),
      signer,
    )}`,
    '',
    markdownTable(['Image', 'Digest', 'Format', 'Signature', 'Result'], rows),
  ].join('\n');
}
