/**
 * `text` with every secret, and every dot-separated part of one (a JWT's header, claims and signature), replaced
 * by `***`. For messages of other code (sigstore-js, a server's answer) that may quote a token.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  const parts = secrets
    .flatMap((secret) => [secret, ...secret.split('.')])
    .filter((part) => part.length >= 8);
  parts.sort((a, b) => b.length - a.length);
  let redacted = text;
  for (const part of parts) redacted = redacted.split(part).join('***');
  return redacted;
}
