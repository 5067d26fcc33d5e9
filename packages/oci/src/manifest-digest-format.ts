/**
 * The manifest digest forms sigil accepts in payloads and policies: the algorithms go-digest's `Parse`
 * knows (sha256, sha384, sha512), lowercase hex of the right length.
 */
const DIGEST = /^(?:sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/;

export function isManifestDigest(value: string): boolean {
  return DIGEST.test(value);
}
