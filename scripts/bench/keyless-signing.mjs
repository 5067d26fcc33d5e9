// `--format keyless`'s signing scenario: how many Fulcio certificates signing a batch of images keyless takes,
// and how long per image. sigil: `SIGIL_IMAGES` fresh images (or fewer) signed as Sigstore bundle referrers
// by the native engine around ONE `KeylessSigner`, in this process, `concurrency` images at once; it must ask
// Fulcio once for the whole batch (the bench fails otherwise). cosign v3: `cosign sign` keyless with the same
// signing config and trusted root, once per image for a smaller sample (`COSIGN_IMAGES`), as a shell loop runs
// it; it asks Fulcio once per image. Both sign through the same loopback Sigstore (served by this process)
// into go-containerregistry's registry (the OCI 1.1 referrers API: no fallback index to update), and the
// stack's request counts before and after each say what each asked of Fulcio, Rekor and the TSA.
import { performance } from 'node:perf_hooks';
import { RegistryClient } from '@sigil/oci';
import { NativeSigningEngine } from '@sigil/signer';
import { startReferrersRegistry } from '@sigil/testing';
import { cosignVersion, runCosignSignKeyless } from './contenders.mjs';
import { FULCIO_PATH, keylessSigner, pushImages, targetOf } from './fixture.mjs';

/** Images sigil signs with one signer (fewer when the bench has fewer images). */
const SIGIL_IMAGES = 100;
/** Images cosign signs, one process per image (fewer when the bench has fewer images). */
const COSIGN_IMAGES = 10;

/** The stack's services, by paths, whose requests are counted (Rekor: its v1 and v2 logs). */
const SERVICES = {
  fulcio: [FULCIO_PATH],
  rekor: ['/api/v1/log/entries', '/rekor-v2/api/v2/log/entries'],
  tsa: ['/api/v1/timestamp'],
};

function requestsSince(stack, before) {
  const now = stack.requests();
  return Object.fromEntries(
    Object.entries(SERVICES).map(([name, routes]) => [
      name,
      routes.reduce((sum, route) => sum + (now[route] ?? 0) - (before[route] ?? 0), 0),
    ]),
  );
}

function perImage(value, count) {
  return Math.round((value / count) * 100) / 100;
}

function summary(label, count, ms, requests) {
  return {
    label,
    images: count,
    ms: Math.round(ms),
    msPerImage: Math.round(ms / count),
    requests,
    requestsPerImage: Object.fromEntries(
      Object.entries(requests).map(([name, value]) => [name, perImage(value, count)]),
    ),
  };
}

/**
 * Signs fresh images with sigil, then others with cosign; returns both measurements and whether sigil took
 * exactly one certificate (`misses` otherwise). Untimed: starting the registry and pushing the images.
 */
export async function measureKeylessSigning({ stack, files, imageCount, concurrency, workDir }) {
  const sigilCount = Math.min(SIGIL_IMAGES, imageCount);
  const cosignCount = Math.min(COSIGN_IMAGES, imageCount);
  const registry = await startReferrersRegistry();
  const client = new RegistryClient({ timeoutMs: 300_000 });
  try {
    console.log(
      `bench: keyless signing: pushing ${sigilCount + cosignCount} fresh images to ${registry.host} (untimed)…`,
    );
    const images = await pushImages(client, registry.host, sigilCount + cosignCount);
    const sigilImages = images.slice(0, sigilCount);
    const cosignImages = images.slice(sigilCount);

    const sigilBefore = stack.requests();
    const started = performance.now();
    const engine = new NativeSigningEngine(client, keylessSigner(stack));
    const outcomes = await engine.signImages(sigilImages.map(targetOf), { format: 'bundle', concurrency });
    const sigilMs = performance.now() - started;
    const sigilRequests = requestsSince(stack, sigilBefore);
    const failed = outcomes.filter((outcome) => !outcome.ok);
    if (failed.length > 0 || outcomes.length !== sigilCount)
      throw new Error(
        `sigil keyless signing failed for ${failed.length} image(s): ${failed[0]?.error.message}`,
      );
    const written = outcomes.flatMap((outcome) => outcome.signatures);
    const fresh = written.filter((signature) => signature.format === 'bundle' && !signature.deduplicated);
    if (written.length !== sigilCount || fresh.length !== sigilCount)
      throw new Error(`sigil wrote ${fresh.length} new bundles for ${sigilCount} images`);
    console.log(
      `bench: keyless signing: sigil signed ${sigilCount} images in ${(sigilMs / 1000).toFixed(2)} s ` +
        `(${sigilRequests.fulcio} Fulcio request(s))`,
    );

    const cosignBefore = stack.requests();
    const cosign = await runCosignSignKeyless({ images: cosignImages, stack, files, workDir });
    const cosignRequests = requestsSince(stack, cosignBefore);
    console.log(
      `bench: keyless signing: cosign ${cosignVersion('v3')} signed ${cosignCount} images in ` +
        `${(cosign.ms / 1000).toFixed(2)} s (${cosignRequests.fulcio} Fulcio request(s))`,
    );

    const result = {
      registry: "go-containerregistry's registry (the OCI 1.1 referrers API)",
      sigil: summary(
        `sigil: native engine, ONE KeylessSigner, signature-format bundle, ${concurrency} images at once`,
        sigilCount,
        sigilMs,
        sigilRequests,
      ),
      cosign: summary(
        `cosign ${cosignVersion('v3')} sign keyless (--identity-token --signing-config --trusted-root) per image`,
        cosignCount,
        cosign.ms,
        cosignRequests,
      ),
    };
    result.cosignOverSigilPerImage =
      Math.round((result.cosign.msPerImage / Math.max(1, result.sigil.msPerImage)) * 10) / 10;
    const misses =
      sigilRequests.fulcio === 1
        ? []
        : [
            `sigil asked Fulcio ${sigilRequests.fulcio} times for ${sigilCount} images signed with one ` +
              'KeylessSigner (bound: exactly one certificate)',
          ];
    return { ...result, misses };
  } finally {
    client.close();
    await registry.stop();
  }
}

/** The scenario as a table: time and requests per image of each signer. */
export function formatSigning(result) {
  const header = [
    'signer',
    'images',
    'total s',
    'ms/image',
    'Fulcio',
    'Fulcio/image',
    'Rekor/image',
    'TSA/image',
  ];
  const rows = [result.sigil, result.cosign].map((row) => [
    row.label,
    String(row.images),
    (row.ms / 1000).toFixed(2),
    String(row.msPerImage),
    String(row.requests.fulcio),
    String(row.requestsPerImage.fulcio),
    String(row.requestsPerImage.rekor),
    String(row.requestsPerImage.tsa),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
