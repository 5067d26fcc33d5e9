import { formatBytes } from '@sigil/sbom';
import { type SignerReport, publicationNote, codeSpan, formatLabel, markdownTable } from '@sigil/toolkit';
import type { SbomFacts } from './prepared-sbom.js';
import type { ImageOutcome } from './outcome.js';

/**
 * The job summary: one row per SBOM (format, packages, size, digest, what it describes), one row per
 * attested digest (a platform of an index on its own row) and per failed image, and a note for each
 * index on what was done with its platforms.
 */
export function sbomSummary(outcomes: readonly ImageOutcome[], signer: SignerReport): string {
  const sboms = new Map<string, SbomFacts>();
  const notes: string[] = [];
  const rows = outcomes.flatMap((outcome) => {
    if (!outcome.ok) {
      return [
        [
          codeSpan(outcome.image),
          outcome.target ? codeSpan(outcome.target.digest) : '—',
          '—',
          '—',
          '—',
          `❌ ${codeSpan(outcome.error.code)} ${outcome.error.message}`,
        ],
      ];
    }
    const { index, attested, skipped } = outcome.result;
    if (index) {
      const skippedNote =
        skipped.length === 0
          ? ''
          : ` ${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'} skipped (${skipped.map((s) => s.why).join('; ')}).`;
      notes.push(
        `- ${codeSpan(outcome.image)} is a multi-platform index: each of its ${new Set(attested.map(({ attestation }) => attestation.digest)).size} platforms got its own SBOM, attested to that platform's digest; the index digest itself carries none.${skippedNote}`,
      );
    }
    return attested.map(({ attestation, platform, sbom }) => {
      sboms.set(sbom.path, sbom);
      const replaced = attestation.replaced > 0 ? `, replaced ${attestation.replaced} earlier` : '';
      return [
        codeSpan(platform === undefined ? outcome.image : `${outcome.image} (${platform})`),
        codeSpan(attestation.digest),
        codeSpan(sbom.digest),
        formatLabel(attestation),
        codeSpan(attestation.ref),
        attestation.deduplicated ? '✅ already attested by this signer' : `✅ attested${replaced}`,
      ];
    });
  });
  const attestedImages = outcomes.filter((outcome) => outcome.ok).length;
  const sbomRows = [...sboms.values()].map((sbom) => [
    codeSpan(sbom.path.split(/[\\/]/).pop() ?? sbom.path),
    `${sbom.format === 'spdx-json' ? 'SPDX' : 'CycloneDX'} ${sbom.specVersion}`,
    String(sbom.packageCount),
    formatBytes(sbom.size),
    codeSpan(sbom.digest),
    sbom.describes,
  ]);
  return [
    '### sigil attest-sbom',
    '',
    `${attestedImages} of ${outcomes.length} image(s) attested with ${sboms.size} SBOM(s). ${publicationNote(
      outcomes.flatMap((outcome) =>
        outcome.ok ? outcome.result.attested.map(({ attestation }) => attestation) : [],
      ),
      signer,
    )}`,
    '',
    ...(sbomRows.length === 0
      ? []
      : [markdownTable(['SBOM', 'Format', 'Packages', 'Size', 'SBOM digest', 'Describes'], sbomRows)]),
    markdownTable(['Image', 'Digest', 'SBOM digest', 'Format', 'Attestation', 'Result'], rows),
    ...(notes.length === 0 ? [] : [...notes, '']),
  ].join('\n');
}
