import type { SignerReport } from './signer-report.js';
import { appendFile } from 'node:fs/promises';
import type { RunnerEnvironment } from './environment.js';
import type { SecretMasker } from './secret-masker.js';

/** A table cell's text made safe for a GFM table: `|` escaped, line breaks as `<br>`. */
export function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** `text` as an inline code span, whatever backticks it contains (line breaks become spaces). */
export function codeSpan(text: string): string {
  const flat = text.replace(/\r?\n/g, ' ');
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/**
 * What a signing summary says about who signed and what this run published: for keyless signing the identity a
 * verifier pins (the certificate's subject alternative name and issuer); how many signatures this run logged
 * (their indexes: their existence, the digest and the signer are now public), or that it logged nothing.
 */
export function publicationNote(
  written: readonly Pick<WrittenLocation, 'tlogIndex'>[],
  signer: Pick<SignerReport, 'keyless'>,
): string {
  const indexes = written.flatMap(({ tlogIndex }) => (tlogIndex === undefined ? [] : [tlogIndex]));
  const identity = signer.keyless?.subjectAlternativeName;
  const who =
    signer.keyless === undefined
      ? ''
      : identity === undefined
        ? 'Keyless: no certificate was needed. '
        : `Signed keyless as ${codeSpan(identity)} (issuer ${codeSpan(signer.keyless.issuer ?? '')}): pin it in verify-gate's \`certificate-identity\`. `;
  if (indexes.length === 0)
    return `${who}${signer.keyless === undefined ? 'Nothing was published to a transparency log (key-based: verifiers trust the public key).' : 'This run logged nothing new in a transparency log.'}`;
  const shown = indexes.slice(0, 10).join(', ') + (indexes.length > 10 ? ', …' : '');
  return `${who}${indexes.length} signature(s) were logged in the transparency log (entries ${shown}): their existence, the digest and the signer (${signer.keyless === undefined ? 'its public key' : 'the workflow identity'}) are public there.`;
}

/** Where a signature or attestation was written: its format, its ref, and for a bundle how it is listed. */
export interface WrittenLocation {
  readonly format: 'legacy' | 'bundle';
  readonly ref: string;
  /** The registry's referrers API or the fallback referrers tag (oci's ReferrersSource, spelled out so that
   *  reports built from it name no type of another package). */
  readonly listedThrough?: 'referrers-api' | 'referrers-tag';
  /** The index of its transparency-log entry (`tlog-upload`). */
  readonly tlogIndex?: string;
}

/** The location fields of what an engine wrote, in the order outputs and reports give them. */
export function writtenLocation(written: WrittenLocation): WrittenLocation {
  return {
    format: written.format,
    ref: written.ref,
    ...(written.listedThrough === undefined ? {} : { listedThrough: written.listedThrough }),
    ...(written.tlogIndex === undefined ? {} : { tlogIndex: written.tlogIndex }),
  };
}

/** Where a written signature or attestation is, for a summary's Format column. */
export function formatLabel(written: Pick<WrittenLocation, 'format' | 'listedThrough'>): string {
  if (written.format === 'legacy') return 'legacy tag';
  return written.listedThrough === 'referrers-api' ? 'bundle (referrers API)' : 'bundle (referrers tag)';
}

/** A GFM table. Cells are Markdown (e.g. from `codeSpan`); `escapeCell` is applied to each. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |`;
  for (const [index, row] of rows.entries()) {
    if (row.length !== header.length) {
      throw new RangeError(`table row ${index + 1} has ${row.length} cells, the header has ${header.length}`);
    }
  }
  return [line(header), `| ${header.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n') + '\n';
}

export interface JobSummaryOptions {
  /** The action's `show-summary` input. */
  show: boolean;
  environment: Pick<RunnerEnvironment, 'stepSummaryPath'>;
  secrets?: SecretMasker;
}

/**
 * Appends Markdown to the job summary (the `GITHUB_STEP_SUMMARY` file, as `core.summary` does).
 * Returns whether anything was written: nothing is when `show-summary` is false or the runner has no summary.
 */
export async function writeJobSummary(markdown: string, options: JobSummaryOptions): Promise<boolean> {
  const file = options.environment.stepSummaryPath;
  if (!options.show || file === undefined) return false;
  const text = options.secrets === undefined ? markdown : options.secrets.redact(markdown);
  await appendFile(file, text.endsWith('\n') ? text : `${text}\n`, { encoding: 'utf8' });
  return true;
}
