import { cosignVersionArguments, parseCosignVersionOutput } from '@sigil/cosign';
import { SigilError, messageOf } from '@sigil/errors';
import { spawnCommand } from './spawn-command.js';

/**
 * Runs `<cosign> version --json` (only ever on a verified binary) and returns the `gitVersion` it reports
 * as printed, e.g. `v3.1.3`. A binary that cannot be run, fails or outlives `timeoutMs` is COSIGN_FAILED;
 * one that reports no release number is COSIGN_VERSION.
 */
export async function reportedCosignVersion(
  cosign: string,
  env: Readonly<Record<string, string>>,
  timeoutMs = 30_000,
): Promise<string> {
  const failed = (detail: string, cause: unknown) =>
    new SigilError('COSIGN_FAILED', `\`${cosign} version --json\` ${detail}`, {
      cause,
      hint: 'The installed file is not a cosign this runner can run; check `cosign-version` and `download-url`.',
    });
  const result = await spawnCommand(cosign)(cosignVersionArguments(), { env, timeoutMs }).catch(
    (cause: unknown) => {
      throw failed(`could not be run: ${messageOf(cause)}`, cause);
    },
  );
  if (result.code !== 0) {
    throw failed(`exited with ${result.code}`, new Error(result.stderr.trim().slice(-2000)));
  }
  return parseCosignVersionOutput(result.stdout, cosign).text;
}
