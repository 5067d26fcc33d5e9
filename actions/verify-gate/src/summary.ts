import type { GateResult, ImageVerdict } from '@sigil/gate';
import { codeSpan, markdownTable } from '@sigil/toolkit';

/** The job summary: a table per image with each check, its result and reason. */
export function gateSummary(result: GateResult): string {
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
    ...result.images.flatMap(imageSection),
  ].join('\n');
}

function imageSection(image: ImageVerdict): string[] {
  const title = `${image.passed ? '✅' : '❌'} ${codeSpan(image.image)}${image.digest === undefined ? '' : ` → ${codeSpan(image.digest)}`}`;
  const rows = image.checks.map((check) => [
    check.platform === undefined ? check.check : `${check.check} (${check.platform})`,
    check.passed ? '✅ pass' : `❌ ${codeSpan(check.reason ?? 'INTERNAL')}`,
    check.message,
  ]);
  return [`#### ${title}`, '', markdownTable(['Check', 'Result', 'Details'], rows)];
}
