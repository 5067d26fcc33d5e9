// The HTTP floor of the verify-gate benchmark: a separate Node process that sends the registry the same
// requests the gate sends for each image, through the same transport (@sigil/oci's NodeHttpTransport:
// keep-alive agent, the same in-flight limit) with the same per-image concurrency, and does nothing else:
// no digest checks, no signature checks, no parsing beyond reading the layer digests out of the `.sig`
// manifest to know which blobs to fetch next.
// Usage: node scripts/bench/http-floor.mjs <plan.json>
//   plan.json: { "concurrency": 8, "images": [{ "registry": "127.0.0.1:5000", "repository": "a/b", "digest": "sha256:…" }] }
import { readFileSync } from 'node:fs';
import { MEDIA_TYPES, NodeHttpTransport } from '@sigil/oci';

const MANIFEST_ACCEPT = [
  MEDIA_TYPES.ociManifest,
  MEDIA_TYPES.ociIndex,
  MEDIA_TYPES.dockerManifest,
  MEDIA_TYPES.dockerManifestList,
].join(', ');
/** readSignatures fetches the layers of one `.sig` manifest this many at a time. */
const LAYER_CONCURRENCY = 8;

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const transport = new NodeHttpTransport({ concurrency: plan.concurrency });

async function fetchOk(method, image, path, accept) {
  const response = await transport.send({
    method,
    url: new URL(`http://${image.registry}/v2/${image.repository}/${path}`),
    ...(accept === undefined ? {} : { headers: { accept } }),
  });
  if (response.status !== 200)
    throw new Error(`${method} ${image.repository}/${path}: HTTP ${response.status}`);
  return response.body;
}

async function eachConcurrently(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

// The gate's order for a signed image: the `.sig` manifest, then its blobs (the image itself is asked
// about only when it has no signatures).
async function visit(image) {
  const tag = `${image.digest.replace(':', '-')}.sig`;
  const manifest = await fetchOk('GET', image, `manifests/${tag}`, MANIFEST_ACCEPT);
  const layers = JSON.parse(Buffer.from(manifest).toString('utf8')).layers;
  await eachConcurrently(layers, LAYER_CONCURRENCY, (layer) =>
    fetchOk('GET', image, `blobs/${layer.digest}`),
  );
}

try {
  await eachConcurrently(plan.images, plan.concurrency, visit);
} finally {
  transport.close();
}
