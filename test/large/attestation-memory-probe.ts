// Child process of sbom-attestation-memory.int.test.ts: attests a large SBOM to an image, or verifies
// that attestation, as attest-sbom and verify-gate do, and prints one JSON line with the resident set
// size before it started and at its peak (getrusage maxRSS), so Jest's own heap does not blur it.
// It runs on the compiled packages (lib/, from `tsc -b`, which `npm run all` and bootstrap run first):
// Node's type stripping cannot run every source file as it is.
// Usage: node … attestation-memory-probe.ts <attest|verify> <registry> <repository> <digest> <sbom> <key.pem>
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { SigningKey, parsePublicKey } from '@sigil/keys';
import { attestImage, verifyImageAttestations } from '@sigil/attestations';
import { type ImageTarget } from '@sigil/oci';
import { RegistryClient } from '@sigil/oci';
import { SPDX_PREDICATE_TYPE, preflightSbomSize, readSbomFile, validateSbomPredicate } from '@sigil/sbom';
import { parseUtf8Json } from '../../packages/sbom/lib/utf8-json.js';

const args = process.argv.slice(2);
if (args.length !== 6)
  throw new Error('usage: <attest|verify> <registry> <repository> <digest> <sbom> <key.pem>');
const [scenario, registry, repository, digest, sbomPath, keyPath] = args as [
  string,
  string,
  string,
  string,
  string,
  string,
];

(globalThis as { gc?: () => void }).gc?.();
const baselineRss = process.memoryUsage().rss;
const started = performance.now();
const client = new RegistryClient({ timeoutMs: 120_000 });
const target: ImageTarget = {
  image: `${registry}/${repository}@${digest}`,
  repo: { registry, repository },
  digest,
  tag: undefined,
};
let outcome: string;
try {
  if (scenario === 'attest') {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await writeFile(keyPath, pair.publicKey.export({ type: 'spki', format: 'pem' }));
    const file = await readSbomFile(sbomPath);
    preflightSbomSize(file.size, 64 * 1024 * 1024);
    const checked = validateSbomPredicate(parseUtf8Json(file.bytes), SPDX_PREDICATE_TYPE);
    if (!checked.ok) throw new Error(checked.message);
    const key = new SigningKey(pair.privateKey);
    const attested = await attestImage(client, target, key, {
      predicateType: SPDX_PREDICATE_TYPE,
      predicate: file.bytes,
    });
    outcome = attested.ref;
  } else if (scenario === 'verify') {
    const publicKey = parsePublicKey(await readFile(keyPath, 'utf8'));
    const verdict = await verifyImageAttestations(client, target, {
      trustedKeys: [publicKey],
      predicateType: SPDX_PREDICATE_TYPE,
      validatePredicate: (predicate) => validateSbomPredicate(predicate, SPDX_PREDICATE_TYPE),
    });
    outcome = verdict.verified ? 'verified' : `${verdict.reason}: ${verdict.message}`;
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }
} finally {
  client.close();
}
const peakRss = process.resourceUsage().maxRSS * 1024;
process.stdout.write(
  `${JSON.stringify({ scenario, outcome, baselineRss, peakRss, ms: Math.round(performance.now() - started) })}\n`,
);
