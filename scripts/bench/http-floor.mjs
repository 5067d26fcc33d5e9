// The HTTP floor of the verify-gate benchmark: a separate Node process that sends the registry the same
// requests the gate sends for each image, through the same transport (@sigil/oci's NodeHttpTransport:
// keep-alive agent, the same in-flight limit) with the same per-image concurrency, and does nothing else:
// no digest checks, no signature checks, no parsing beyond reading the layer digests (and, for `.att`, the
// `predicateType` labels) out of the manifests to know which blobs to fetch next.
// With `"format": "bundle"` the images carry Sigstore bundle referrers instead, and the floor is what a
// perfect client needs for them: per image, list its referrers (the OCI 1.1 referrers API; on a registry
// without it, the API is asked once per registry, then the fallback tag `sha256-<hex>` of every image is
// read), then each referrer manifest and its bundle blob.
// `"gateRequests": true` sends, for the same images, the gate's own requests in the gate's order: for the
// first `legacyImages` images (the gate's count, learned per registry) the legacy `.sig` and `.att` tags (404
// on bundle-only images), then the image, then the referrers (learning that a registry has no referrers API
// from the first answer, as the gate's client does, so images already under way when it arrives ask the API
// too), then the manifests and blobs; for the rest the referrers first, then the manifests and blobs.
// Usage: node scripts/bench/http-floor.mjs <plan.json>
//   plan.json: { "concurrency": 8, "predicateTypes": ["https://spdx.dev/Document", …],
//                "images": [{ "registry": "127.0.0.1:5000", "repository": "a/b", "digest": "sha256:…" }] }
//   With no predicateTypes the gate requires signatures only, and the `.att` tag is not read.
//   Bundles: { "concurrency": 8, "format": "bundle", "gateRequests": false, "images": [ … ] }
import { readFileSync } from 'node:fs';
// The client's own Accept list, so the floor asks for manifests exactly as the gate does.
import { MANIFEST_ACCEPT, MEDIA_TYPES, NodeHttpTransport } from '@sigil/oci';

/** readSignatures fetches the layers of one `.sig` manifest this many at a time. */
const SIGNATURE_LAYER_CONCURRENCY = 8;
/** verifyImageAttestations fetches the envelopes of one predicate type this many at a time. */
const ENVELOPE_CONCURRENCY = 4;
/** bundleEvidence reads the referrers of one digest (manifest, then bundle blob) this many at a time. */
const BUNDLE_FETCH_CONCURRENCY = 4;

const plan = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const predicateTypes = plan.predicateTypes ?? [];
const transport = new NodeHttpTransport({ concurrency: plan.concurrency });

async function fetchOk(method, image, path, accept) {
  const response = await fetchAny(method, image, path, accept);
  if (response.status !== 200)
    throw new Error(`${method} ${image.repository}/${path}: HTTP ${response.status}`);
  return response.body;
}

function fetchAny(method, image, path, accept) {
  return transport.send({
    method,
    url: new URL(`http://${image.registry}/v2/${image.repository}/${path}`),
    ...(accept === undefined ? {} : { headers: { accept } }),
  });
}

/** A request whose answer must be a 404 (the legacy tags of a bundle-only image). */
async function fetchAbsent(image, path) {
  const response = await fetchAny('GET', image, path, MANIFEST_ACCEPT);
  if (response.status !== 404)
    throw new Error(`GET ${image.repository}/${path}: HTTP ${response.status}, expected 404`);
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

function json(bytes) {
  return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

/** Registries known to have no referrers API (as the gate's client learns it: from the first 404). */
const withoutReferrersApi = new Set();
/** Per registry, the first image's API lookup, which the perfect client waits for before any other. */
const referrersApiProbes = new Map();

/** The referrers listed by the API, or undefined when the registry has none (any 404 here). */
async function referrersFromApi(image) {
  const response = await fetchAny('GET', image, `referrers/${image.digest}`, MEDIA_TYPES.ociIndex);
  if (response.status === 404) return undefined;
  if (response.status !== 200)
    throw new Error(`GET ${image.repository}/referrers/${image.digest}: HTTP ${response.status}`);
  return json(response.body).manifests;
}

async function referrersFromTag(image) {
  const tag = image.digest.replace(':', '-');
  return json(await fetchOk('GET', image, `manifests/${tag}`, MANIFEST_ACCEPT)).manifests;
}

/** A perfect client: the API is asked once per registry before any other listing goes there. */
async function perfectReferrers(image) {
  const probe = referrersApiProbes.get(image.registry);
  if (probe === undefined) {
    const first = referrersFromApi(image);
    referrersApiProbes.set(
      image.registry,
      first.then((listed) => listed !== undefined),
    );
    return (await first) ?? referrersFromTag(image);
  }
  return (await probe) ? referrersFromApi(image) : referrersFromTag(image);
}

/** The gate's client: the API until an answer said there is none, then the fallback tag. */
async function gateReferrers(image) {
  if (!withoutReferrersApi.has(image.registry)) {
    const listed = await referrersFromApi(image);
    if (listed !== undefined) return listed;
    withoutReferrersApi.add(image.registry);
  }
  return referrersFromTag(image);
}

// Each referrer: its manifest, then the one bundle layer it holds.
async function bundles(image, descriptors) {
  await eachConcurrently(descriptors, BUNDLE_FETCH_CONCURRENCY, async (descriptor) => {
    const { layers } = json(await fetchOk('GET', image, `manifests/${descriptor.digest}`, MANIFEST_ACCEPT));
    await fetchOk('GET', image, `blobs/${layers[0].digest}`);
  });
}

function resolve(image) {
  return fetchOk('HEAD', image, `manifests/${image.digest}`, MANIFEST_ACCEPT);
}

// What a perfect client needs: the referrers, then every referrer's manifest and blob. Not the image itself:
// a verified signature of the digest says all there is to say about it.
async function visitBundles(image) {
  await bundles(image, await perfectReferrers(image));
}

// The gate's requests in its order. The first `legacyImages` images (in the order they start, as the gate
// learns the order per registry): `.sig` and `.att` at once; after either is absent the image (once), then
// the referrers (once), then their manifests and blobs. The rest: the referrers first, as the gate reads
// them once it has learned that the registry's images carry bundles only.
let started = 0;
async function visitBundlesAsGate(image) {
  if (started++ >= (plan.legacyImages ?? Infinity)) {
    await bundles(image, await gateReferrers(image));
    return;
  }
  let evidence;
  const afterAbsent = async (tag) => {
    await fetchAbsent(image, `manifests/${image.digest.replace(':', '-')}.${tag}`);
    evidence ??= resolve(image).then(async () => bundles(image, await gateReferrers(image)));
    await evidence;
  };
  await Promise.all([afterAbsent('sig'), afterAbsent('att')]);
}

const visitor = plan.format === 'bundle' ? (plan.gateRequests ? visitBundlesAsGate : visitBundles) : visit;
try {
  await eachConcurrently(plan.images, plan.concurrency, visitor);
} finally {
  transport.close();
}
