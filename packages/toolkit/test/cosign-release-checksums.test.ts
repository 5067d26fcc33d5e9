import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COSIGN_PLATFORMS, COSIGN_RELEASES_URL, cosignAssetFor } from '../src/cosign-release-assets.js';
import {
  COSIGN_DEFAULT_VERSION,
  HELD_COSIGN_RELEASES,
  expectedCosignChecksum,
} from '../src/cosign-release-checksums.js';
import { COSIGN_RELEASE_IDENTITY } from '../src/cosign-release-signature.js';
import { SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT, verifyReleaseBundle } from '../src/release-signature.js';

const releaseData = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'release-data');
const checksumsFile = readFileSync(path.join(releaseData, 'cosign', 'v3.1.3', 'cosign_checksums.txt'));
const checksumsBundle = readFileSync(
  path.join(releaseData, 'cosign', 'v3.1.3', 'cosign_checksums.txt.sigstore.json'),
  'utf8',
);
const trustedRootFile = readFileSync(path.join(releaseData, 'sigstore', 'public-good-trusted-root.json'));

const verifyCosignReleaseBundle = (artifact: Uint8Array, bundle: string, trustedRoot?: unknown) =>
  verifyReleaseBundle(artifact, bundle, COSIGN_RELEASE_IDENTITY, trustedRoot);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `<sha256>  <name>` rows of a cosign_checksums.txt. */
function rows(file: Buffer): [name: string, sha256: string][] {
  return file
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^([0-9a-f]{64}) {2}(\S+)$/.exec(line);
      if (match === null) throw new Error(`not a checksum row: ${JSON.stringify(line)}`);
      return [match[2]!, match[1]!];
    });
}

/** The plain cosign binaries: `cosign-<os>-<arch>[.exe]` (not packages, SBOMs or the PKCS#11 builds). */
const PLAIN_BINARY = /^cosign-(darwin|linux|windows)-[a-z0-9]+(\.exe)?$/;

describe('the held cosign v3.1.3 checksums', () => {
  it('are the files the release-data README pins, byte for byte', () => {
    expect({
      checksums: sha256(checksumsFile),
      bundle: sha256(Buffer.from(checksumsBundle)),
      trustedRoot: sha256(trustedRootFile),
    }).toEqual({
      checksums: 'aec2a6f68d307b09ae196e388dc691a146fa8bdba7fcce9ca4ca41b918adfa63',
      bundle: '976bcb216e45ed0274e464e2e16d81e84cc85a69b3ed6e3488c1e7cda116379a',
      trustedRoot: '6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66',
    });
  });

  it("equal every plain binary row of the release's cosign_checksums.txt", () => {
    const all = rows(checksumsFile);
    const binaries = Object.fromEntries(all.filter(([name]) => PLAIN_BINARY.test(name)));
    expect(HELD_COSIGN_RELEASES['v3.1.3']?.sha256).toEqual(binaries);
    // What the table leaves out is only packages, SBOMs and the PKCS#11 builds (which need libpcsclite).
    const left = all.map(([name]) => name).filter((name) => !PLAIN_BINARY.test(name));
    expect(
      left.filter(
        (name) =>
          !/(\.rpm|\.deb|\.apk|\.sbom\.json)$|^cosign-linux-pivkey-pkcs11key-(amd64|arm64)$/.test(name),
      ),
    ).toEqual([]);
    expect(Object.keys(binaries)).toHaveLength(9);
  });

  it('are authenticated: the release bundle verifies the file offline as signed by the cosign release identity', () => {
    const verdict = verifyCosignReleaseBundle(checksumsFile, checksumsBundle);
    expect(verdict).toEqual({
      ok: true,
      signer: {
        subjectAlternativeName: 'keyless@projectsigstore.iam.gserviceaccount.com',
        issuer: 'https://accounts.google.com',
        // Fulcio's extensions of the release certificate: the issuer (v1, v2) and the service account's ID.
        fulcioExtensions: {
          '1.3.6.1.4.1.57264.1.1': 'https://accounts.google.com',
          '1.3.6.1.4.1.57264.1.8': 'https://accounts.google.com',
          '1.3.6.1.4.1.57264.1.24': '105004005434549963384',
        },
      },
    });
  });

  it('the shipped trusted root is the release-data file', () => {
    expect(SIGSTORE_PUBLIC_GOOD_TRUSTED_ROOT).toEqual(JSON.parse(trustedRootFile.toString('utf8')));
  });

  it('one changed byte of the checksums file fails the verification', () => {
    const changed = Buffer.from(checksumsFile);
    const at = changed.indexOf('4629c757'); // the first digit of cosign-linux-amd64's sha256
    changed[at] = '5'.charCodeAt(0);
    const verdict = verifyCosignReleaseBundle(changed, checksumsBundle);
    expect(verdict.ok ? 'verified' : verdict.reason).toBe('SIGNATURE');
  });

  it('one changed byte of the bundle fails the verification', () => {
    const bundle = JSON.parse(checksumsBundle) as { messageSignature: { signature: string } };
    const signature = Buffer.from(bundle.messageSignature.signature, 'base64');
    signature[signature.length - 1]! ^= 0x01;
    bundle.messageSignature.signature = signature.toString('base64');
    const verdict = verifyCosignReleaseBundle(checksumsFile, JSON.stringify(bundle));
    expect(verdict.ok).toBe(false);
  });

  it("verifies nothing against a trusted root without the Fulcio CA that issued the release's certificate", () => {
    const root = JSON.parse(trustedRootFile.toString('utf8')) as { certificateAuthorities: unknown[] };
    const verdict = verifyCosignReleaseBundle(checksumsFile, checksumsBundle, {
      ...root,
      certificateAuthorities: [],
    });
    expect(verdict.ok ? 'verified' : verdict.reason).toBe('CERTIFICATE');
  });
});

describe('the held cosign v3.0.6 checksums', () => {
  it('are the bootstrap sha256s of sigstore/cosign-installer at 3094a48, and say so', () => {
    const release = HELD_COSIGN_RELEASES['v3.0.6'];
    expect(release?.source).toContain('sigstore/cosign-installer');
    expect(release?.source).toContain('3094a48ba06382e0e6cfa5a4af4fcc55fc6942b9');
    expect(release?.sha256).toEqual({
      'cosign-darwin-amd64': '4c3e7af8372d3ca3296e62fa56f23fcbb5721cc6ac1827900d398f110d7cd280',
      'cosign-darwin-arm64': '5fadd012ae6381a6a29ff86a7d39aa873878852f1073fc90b15995961ecfb084',
      'cosign-linux-amd64': 'c956e5dfcac53d52bcf058360d579472f0c1d2d9b69f55209e256fe7783f4c74',
      'cosign-linux-arm64': 'bedac92e8c3729864e13d4a17048007cfafa79d5deca993a43a90ffe018ef2b8',
      'cosign-linux-arm': '67bd25d32daff5664caf51208c95defcb2ad7ac1296f394fa677bb8bacee62f5',
      'cosign-linux-ppc64le': '08c3e5e0a09c440f49e9a69d8639d37fbec522ec8c5c0ac805243b098e6ea512',
      'cosign-linux-riscv64': 'e25952e798958b0f9168d044153ccc353f5469ca4b71a1707dffad0534d27017',
      'cosign-linux-s390x': '3cf4b769258ed9cc3c2a93268c0d5c1cc3fbd094af8df21035cbac8fb0d7c088',
      'cosign-windows-amd64.exe': '9b85a88ebff2d9dd30ff4984a6f61f2cedc232dd87d81fa7f2ff3c0ed96c241c',
    });
  });
});

describe('every held release', () => {
  const assets = [
    ...new Set(
      COSIGN_PLATFORMS.map((pair) => {
        const [platform, arch] = pair.split('/') as [string, string];
        return cosignAssetFor(platform, arch).asset;
      }),
    ),
  ].sort();

  it.each(Object.keys(HELD_COSIGN_RELEASES))(
    '%s holds a sha256 for the asset of every supported platform',
    (version) => {
      expect(Object.keys(HELD_COSIGN_RELEASES[version]!.sha256).sort()).toEqual(assets);
    },
  );

  it('includes the default version', () => {
    expect(Object.keys(HELD_COSIGN_RELEASES)).toContain(COSIGN_DEFAULT_VERSION);
  });
});

describe('expectedCosignChecksum', () => {
  const base = { downloadUrl: COSIGN_RELEASES_URL, asset: 'cosign-linux-amd64' };
  const held = '4629c757b7618056f8ddd7e2625ae9fdd94c0372a65049520bc7d9df9efc7f71';
  const other = 'ab'.repeat(32);

  it('gives the held value of a held version, with its source', () => {
    expect(expectedCosignChecksum({ ...base, version: 'v3.1.3' })).toEqual({
      sha256: held,
      source: HELD_COSIGN_RELEASES['v3.1.3']!.source,
      held: true,
    });
  });

  it('accepts a `checksum` that repeats the held value', () => {
    expect(expectedCosignChecksum({ ...base, version: 'v3.1.3', given: held }).held).toBe(true);
  });

  it('refuses a `checksum` that differs from the held value, naming both', () => {
    expect(() => expectedCosignChecksum({ ...base, version: 'v3.1.3', given: other })).toThrow(
      expect.objectContaining({
        code: 'TOOL_CHECKSUM_MISMATCH',
        input: 'checksum',
        message: expect.stringMatching(new RegExp(`${other}.*${held}.*never overrides`)),
      }),
    );
  });

  it('takes `checksum` for a version it does not hold', () => {
    expect(expectedCosignChecksum({ ...base, version: 'v2.6.5', given: other })).toEqual({
      sha256: other,
      source: 'the `checksum` input',
      held: false,
    });
  });

  it('refuses a version it does not hold without `checksum`, saying where the checksum is', () => {
    expect(() =>
      expectedCosignChecksum({ ...base, version: 'v2.6.5', downloadUrl: 'https://mirror.example/cosign' }),
    ).toThrow(
      expect.objectContaining({
        code: 'TOOL_CHECKSUM_UNKNOWN',
        input: 'checksum',
        hint: expect.stringContaining('https://mirror.example/cosign/v2.6.5/cosign_checksums.txt'),
      }),
    );
  });

  it('does not take an inherited property name for a held version', () => {
    expect(() => expectedCosignChecksum({ ...base, version: 'constructor' })).toThrow(
      expect.objectContaining({ code: 'TOOL_CHECKSUM_UNKNOWN' }),
    );
  });
});
