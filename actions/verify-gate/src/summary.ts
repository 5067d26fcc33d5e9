import type { GateCheck, GateReportInputs, GateResult, ImageVerdict } from '@sigil/gate';
import { codeSpan, markdownTable } from '@sigil/toolkit';

/** The job summary: what was required, then a table per image with each check, its result and reason. */
export function gateSummary(
  result: GateResult,
  inputs: Pick<GateReportInputs, 'require' | 'provenanceSource' | 'provenanceBuilder' | 'platforms'>,
): string {
  const passed = result.images.filter((image) => image.passed).length;
  const verdict = result.verified
    ? '✅ every image verified'
    : result.mode === 'audit'
      ? '⚠️ not every image verified (audit mode: not enforced)'
      : '❌ not every image verified';
  return [
    '### sigil verify-gate',
    '',
    `${verdict} — ${passed} of ${result.images.length} image(s) passed.`,
    '',
    requirementsLine(inputs),
    '',
    ...result.images.flatMap(imageSection),
  ].join('\n');
}

function requirementsLine(
  inputs: Pick<GateReportInputs, 'require' | 'provenanceSource' | 'provenanceBuilder' | 'platforms'>,
): string {
  const constraints = [
    ...(inputs.provenanceSource === undefined ? [] : [`source ${codeSpan(inputs.provenanceSource)}`]),
    ...(inputs.provenanceBuilder === undefined ? [] : [`builder ${codeSpan(inputs.provenanceBuilder)}…`]),
  ];
  const required = inputs.require.map((name) => codeSpan(name)).join(', ');
  return (
    `Required of every image: ${required}` +
    (constraints.length === 0 ? '' : ` (provenance: ${constraints.join(', ')})`) +
    ` — platforms: ${codeSpan(inputs.platforms)}.`
  );
}

function imageSection(image: ImageVerdict): string[] {
  const title = `${image.passed ? '✅' : '❌'} ${codeSpan(image.image)}${image.digest === undefined ? '' : ` → ${codeSpan(image.digest)}`}`;
  const rows = image.checks.map((check) => [
    check.platform === undefined ? check.check : `${check.check} (${check.platform})`,
    check.passed ? '✅ pass' : `❌ ${codeSpan(check.reason)}`,
    foundIn(check),
    details(check),
  ]);
  return [`#### ${title}`, '', markdownTable(['Check', 'Result', 'Evidence from', 'Details'], rows)];
}

/** Where the check's evidence was read: the legacy tags or the bundle referrers (and how they were listed). */
function foundIn(check: GateCheck): string {
  const source = 'source' in check ? check.source : undefined;
  switch (source) {
    case 'sig-tag':
      return '`.sig` tag';
    case 'att-tag':
      return '`.att` tag';
    case 'referrers-api':
      return 'bundle (referrers API)';
    case 'referrers-tag':
      return 'bundle (referrers tag)';
    default:
      return '—';
  }
}

function details(check: GateCheck): string {
  const claims = check.passed ? check.provenance : undefined;
  if (claims === undefined) return check.message;
  const named = [
    ...(claims.source === undefined ? [] : [`source ${claims.source}`]),
    ...(claims.builderId === undefined ? [] : [`builder ${claims.builderId}`]),
  ];
  return named.length === 0 ? check.message : `${check.message} (${named.join(', ')})`;
}
