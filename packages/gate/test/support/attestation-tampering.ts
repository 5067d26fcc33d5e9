import { attestationTag } from '@sigil/attestations';
import {
  DSSE_ENVELOPE_MEDIA_TYPE,
  dsseEnvelopeBytes,
  preAuthEncodingHeader,
} from '../../../attestations/src/dsse.js';
import { IN_TOTO_PAYLOAD_TYPE } from '../../../attestations/src/in-toto-statement.js';
import { type SigningKey } from '@sigil/keys';
import { MEDIA_TYPES, type Registry, type RepositoryRef } from '@sigil/oci';

/**
 * Writes `.att` images the way an attacker (or a broken tool) would: straight into the registry, with no
 * help from sigil's attestation code, so the gate meets exactly these bytes.
 */
interface LayerJson {
  mediaType: string;
  size: number;
  digest: string;
  annotations?: Record<string, string>;
}
interface ManifestJson {
  schemaVersion: number;
  mediaType: string;
  config: { mediaType: string; size: number; digest: string };
  layers: LayerJson[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export async function readAttestationManifest(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
): Promise<ManifestJson> {
  const response = await registry.getManifest(repo, attestationTag(digest));
  if (response === undefined) throw new Error(`no .att for ${digest}`);
  return JSON.parse(decoder.decode(response.bytes)) as ManifestJson;
}

export async function writeAttestationManifest(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
  manifest: ManifestJson,
): Promise<void> {
  await registry.putManifest(
    repo,
    attestationTag(digest),
    encoder.encode(JSON.stringify(manifest)),
    MEDIA_TYPES.ociManifest,
  );
}

/** Replaces the blob of layer `index` (digest and size follow); annotations stay unless given. */
export async function replaceLayer(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
  index: number,
  change: {
    blob?: (envelope: Uint8Array) => Uint8Array;
    annotations?: Record<string, string>;
    mediaType?: string;
  },
): Promise<void> {
  const manifest = await readAttestationManifest(registry, repo, digest);
  const layer = manifest.layers[index];
  if (layer === undefined) throw new Error(`no layer ${index}`);
  if (change.blob !== undefined) {
    const stored = await registry.putBlob(repo, change.blob(await registry.getBlob(repo, layer.digest)));
    layer.digest = stored.digest;
    layer.size = stored.size;
  }
  if (change.annotations !== undefined) layer.annotations = change.annotations;
  if (change.mediaType !== undefined) layer.mediaType = change.mediaType;
  await writeAttestationManifest(registry, repo, digest, manifest);
}

/** Adds a layer holding `envelope` to the `.att` of `digest` (creating the image if there is none). */
export async function appendRawLayer(
  registry: Registry,
  repo: RepositoryRef,
  digest: string,
  envelope: Uint8Array,
  predicateType: string,
): Promise<void> {
  const existing = await registry.getManifest(repo, attestationTag(digest));
  const stored = await registry.putBlob(repo, envelope);
  const layer: LayerJson = {
    mediaType: DSSE_ENVELOPE_MEDIA_TYPE,
    size: stored.size,
    digest: stored.digest,
    annotations: { 'dev.cosignproject.cosign/signature': '', predicateType },
  };
  if (existing !== undefined) {
    const manifest = JSON.parse(decoder.decode(existing.bytes)) as ManifestJson;
    manifest.layers.push(layer);
    await writeAttestationManifest(registry, repo, digest, manifest);
    return;
  }
  const config = await registry.putBlob(
    repo,
    encoder.encode('{"architecture":"","os":"","rootfs":{"type":"layers","diff_ids":[]},"config":{}}'),
  );
  await writeAttestationManifest(registry, repo, digest, {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.ociManifest,
    config: { mediaType: MEDIA_TYPES.ociConfig, size: config.size, digest: config.digest },
    layers: [layer],
  });
}

/** A DSSE envelope over `payload` with `payloadType`, signed (over the PAE) by `key`. */
export function signedEnvelope(
  key: SigningKey,
  payload: Uint8Array,
  payloadType = IN_TOTO_PAYLOAD_TYPE,
): Uint8Array {
  const signature = key.signParts([preAuthEncodingHeader(payloadType, payload.length), payload]);
  return dsseEnvelopeBytes(payloadType, [payload], [signature]);
}

/** The envelope with its JSON edited (the signature stays as it was). */
export function editEnvelope(
  envelope: Uint8Array,
  edit: (parsed: { payloadType: string; payload: string; signatures: unknown[] }) => void,
): Uint8Array {
  const parsed = JSON.parse(decoder.decode(envelope)) as {
    payloadType: string;
    payload: string;
    signatures: unknown[];
  };
  edit(parsed);
  return encoder.encode(JSON.stringify(parsed));
}

/** Edits the statement inside an envelope's payload (base64), leaving the signature as it was. */
export function editStatement(envelope: Uint8Array, edit: (statement: string) => string): Uint8Array {
  return editEnvelope(envelope, (parsed) => {
    const statement = Buffer.from(parsed.payload, 'base64').toString('utf8');
    parsed.payload = Buffer.from(edit(statement), 'utf8').toString('base64');
  });
}

/** An in-toto Statement v0.1 about `subjectDigest`, as bytes. */
export function statementBytes(
  subject: { name: string; digest: string },
  predicateType: string,
  predicate: unknown,
): Uint8Array {
  const [algorithm, hex] = subject.digest.split(':') as [string, string];
  return encoder.encode(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType,
      subject: [{ name: subject.name, digest: { [algorithm]: hex } }],
      predicate,
    }),
  );
}
