// The HTTP floor of the verify-gate benchmark: a separate Node process that sends the registry the same
// requests the gate sends for each image, through the same transport (@sigil/oci's NodeHttpTransport:
// keep-alive agent, the same in-flight limit) with the same per-image concurrency, and does nothing else:
// no digest checks, no signature checks, no parsing beyond reading the layer digests (and, for `.att`, the
// `predicateType` labels) out of the manifests to know which blobs to fetch next.
// Usage: node scripts/bench/http-floor.mjs <plan.json>
//   plan.json: { "concurrency": 8, "predicateTypes": ["https://spdx.dev/Document", …],
//                "images": [{ "registry": "127.0.0.1:5000", "repository": "a/b", "digest": "sha256:…" }] }
//   With no predicateTypes the gate requires signatures only, and the `.att` tag is not read.
import { readFileSync } from 'node:fs';
// The client's own Accept list, so the floor asks for manifests exactly as the gate does.
import { MANIFEST_ACCEPT, NodeHttpTransport } from '@sigil/oci';

/** readSignatures fetches the layers of one `.sig` manifest this many at a time. */
const SIGNATURE_LAYER_CONCURRENCY = 8;
/** verifyImageAttestations fetches the envelopes of one predicate type this many at a time. */
const ENVELOPE_CONCURRENCY = 4;

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const predicateTypes = plan.predicateTypes ?? [];
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

async function layersOf(image, tag) {
  const manifest = await fetchOk('GET', image, `manifests/${tag}`, MANIFEST_ACCEPT);
  return JSON.parse(Buffer.from(manifest).toString('utf8')).layers;
}

// The gate's order for a signed image: the `.sig` manifest, then its blobs (the image itself is asked
// about only when it has no signatures).
async function signatures(image) {
  const layers = await layersOf(image, `${image.digest.replace(':', '-')}.sig`);
  await eachConcurrently(layers, SIGNATURE_LAYER_CONCURRENCY, (layer) =>
    fetchOk('GET', image, `blobs/${layer.digest}`),
  );
}

// The gate's order for an attested image: one read of the `.att` manifest shared by every required
// predicate type, then, per type at once, the envelopes labelled with it (each read once). The fixture's
// attestations all verify, so no other layer is examined.
async function attestations(image) {
  const layers = await layersOf(image, `${image.digest.replace(':', '-')}.att`);
  await Promise.all(
    predicateTypes.map((predicateType) =>
      eachConcurrently(
        layers.filter((layer) => layer.annotations?.predicateType === predicateType),
        ENVELOPE_CONCURRENCY,
        (layer) => fetchOk('GET', image, `blobs/${layer.digest}`),
      ),
    ),
  );
}

// The `.sig` and `.att` tags of an image are read at once.
async function visit(image) {
  await Promise.all([signatures(image), ...(predicateTypes.length > 0 ? [attestations(image)] : [])]);
}

try {
  await eachConcurrently(plan.images, plan.concurrency, visit);
} finally {
  transport.close();
}
