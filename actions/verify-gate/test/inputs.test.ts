import { describe, expect, it } from '@jest/globals';
import { generateKeyPair, parsePublicKey } from '@sigil/keys';
import { SigilError } from '@sigil/core';
import { vectorText } from '@sigil/testing';
import { startTufRepository } from '@sigil/testing/tuf-repository';
import { InputReader, SecretMasker } from '@sigil/toolkit';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readVerifyGateInputs } from '../src/inputs.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'gate-inputs-'));
const [fileKey, envKey, inlineKey, revokedKey] = await Promise.all(
  [0, 1, 2, 3].map(() => generateKeyPair('x', { format: 'legacy' })),
);
writeFileSync(path.join(workspace, 'cosign.pub'), fileKey?.publicKeyPem ?? '');
writeFileSync(path.join(workspace, 'revoked.pub'), revokedKey?.publicKeyPem ?? '');
writeFileSync(path.join(workspace, 'cosign.key'), fileKey?.privateKeyPem ?? '');
writeFileSync(path.join(workspace, 'junk.pub'), 'not a key\n');
// The public-good root (sigstore-js's seed) and the conformance suite's custom root, as given to the gate.
const productionRoot = vectorText('sigstore-js/trusted_root.production.json');
writeFileSync(path.join(workspace, 'trusted_root.json'), productionRoot);
writeFileSync(
  path.join(workspace, 'custom_root.json'),
  vectorText('sigstore-conformance/intoto-with-custom-trust-root/trusted_root.json'),
);
const DIGEST = `sha256:${'b'.repeat(64)}`;
const noMasking = new SecretMasker(() => undefined);
const id = (pem: string | undefined) => parsePublicKey(pem ?? '').id;

function reader(inputs: Record<string, string>) {
  const values: Record<string, string> = {
    images: `registry.example/team/app@${DIGEST}`,
    'public-keys': 'cosign.pub',
    ...inputs,
  };
  return new InputReader((name) => values[name] ?? '', new SecretMasker(() => undefined));
}
const environment = (env: Record<string, string> = {}) => ({
  workspace,
  variable: (name: string) => env[name],
});

async function failure(inputs: Record<string, string>) {
  try {
    await readVerifyGateInputs(reader(inputs), environment(), noMasking);
  } catch (error) {
    if (error instanceof SigilError) return { code: error.code, input: error.input, message: error.message };
    throw error;
  }
  throw new Error('expected the inputs to be refused');
}

describe('verify-gate inputs', () => {
  it('reads keys from files, env://NAME and inline PEM, each once, with their sources', async () => {
    const inputs = await readVerifyGateInputs(
      reader({
        images: 'registry.example/team/app:v1\nregistry.example/team/web:v2',
        'public-keys': `# rotation\ncosign.pub\nenv://NEXT_KEY\n${inlineKey?.publicKeyPem ?? ''}\n./cosign.pub`,
        'revoked-keys': 'revoked.pub',
        annotations: 'env=prod',
        platforms: 'all',
        mode: 'audit',
      }),
      environment({ NEXT_KEY: envKey?.publicKeyPem ?? '' }),
      noMasking,
    );
    expect(inputs.publicKeys.sources).toEqual([
      { id: id(fileKey?.publicKeyPem), source: 'file:cosign.pub' },
      { id: id(envKey?.publicKeyPem), source: 'env:NEXT_KEY' },
      { id: id(inlineKey?.publicKeyPem), source: 'inline' },
    ]);
    expect(inputs.publicKeys.keys).toHaveLength(3);
    expect(inputs.revokedKeys.sources).toEqual([
      { id: id(revokedKey?.publicKeyPem), source: 'file:revoked.pub' },
    ]);
    expect(inputs.images.map((entry) => entry.reference.tag)).toEqual(['v1', 'v2']);
    expect(inputs.annotations).toEqual({ env: 'prod' });
    expect([inputs.platforms, inputs.mode, inputs.showSummary]).toEqual(['all', 'audit', true]);
    expect(Object.isFrozen(inputs)).toBe(true);
  });

  it('defaults platforms to index and mode to enforce', async () => {
    const inputs = await readVerifyGateInputs(reader({}), environment(), noMasking);
    expect([inputs.platforms, inputs.mode, inputs.revokedKeys.keys.length]).toEqual(['index', 'enforce', 0]);
  });

  it('requires signature and sbom by default (the contract), with no provenance policy', async () => {
    const inputs = await readVerifyGateInputs(reader({}), environment(), noMasking);
    expect(inputs.requirements).toEqual([{ kind: 'signature' }, { kind: 'sbom' }]);
    expect(inputs.provenance).toEqual({});
  });

  it('reads require as a list: lines, commas, comments, any letter case, predicate-type URIs, duplicates once', async () => {
    const inputs = await readVerifyGateInputs(
      reader({
        require: [
          '# what production needs',
          'Signature, SBOM',
          'provenance   # SLSA v1',
          'https://example.com/attestations/test-result/v1#strict',
          'urn:acme:policy:review',
          'sbom',
        ].join('\n'),
      }),
      environment(),
      noMasking,
    );
    expect(inputs.requirements).toEqual([
      { kind: 'signature' },
      { kind: 'sbom' },
      { kind: 'provenance' },
      { kind: 'attestation', predicateType: 'https://example.com/attestations/test-result/v1#strict' },
      { kind: 'attestation', predicateType: 'urn:acme:policy:review' },
    ]);
  });

  it.each([
    ['github.com/acme/app', 'https://github.com/acme/app'],
    ['https://github.com/acme/app', 'https://github.com/acme/app'],
    ['https://GitHub.com/acme/app.git/', 'https://github.com/acme/app'],
    ['ghes.example.com:8443/acme/app', 'https://ghes.example.com:8443/acme/app'],
  ])('normalises provenance-source %s to %s', async (source, normalised) => {
    const inputs = await readVerifyGateInputs(
      reader({
        require: 'signature, provenance',
        'provenance-source': source,
        'provenance-builder': 'https://github.com/actions/runner',
      }),
      environment(),
      noMasking,
    );
    expect(inputs.provenance).toEqual({
      source: normalised,
      builderIdPrefix: 'https://github.com/actions/runner',
    });
  });

  it('accepts provenance-source with a SLSA provenance URI instead of the word provenance', async () => {
    const inputs = await readVerifyGateInputs(
      reader({ require: 'https://slsa.dev/provenance/v0.2', 'provenance-source': 'github.com/acme/app' }),
      environment(),
      noMasking,
    );
    expect(inputs.provenance.source).toBe('https://github.com/acme/app');
  });

  it.each([
    ['a misspelt requirement', { require: 'signature, sboms' }, 'require'],
    ['a URI of another scheme', { require: 'ftp://example.com/predicate' }, 'require'],
    ['a URL without a host', { require: 'https://' }, 'require'],
    ['a URI with a blank', { require: 'https://example.com/a b' }, 'require'],
    ['a require list of only comments', { require: '# nothing' }, 'require'],
    [
      'provenance-source without a provenance requirement',
      { 'provenance-source': 'github.com/a/b' },
      'provenance-source',
    ],
    [
      'provenance-builder without a provenance requirement',
      { 'provenance-builder': 'https://github.com/actions/runner' },
      'provenance-builder',
    ],
    [
      'provenance-source without a host',
      { require: 'provenance', 'provenance-source': 'acme/app' },
      'provenance-source',
    ],
    [
      'provenance-source with only a host',
      { require: 'provenance', 'provenance-source': 'https://github.com' },
      'provenance-source',
    ],
    [
      'provenance-source with a query',
      { require: 'provenance', 'provenance-source': 'github.com/a/b?x=1' },
      'provenance-source',
    ],
    [
      'provenance-source of another scheme',
      { require: 'provenance', 'provenance-source': 'ssh://github.com/a/b' },
      'provenance-source',
    ],
    [
      'provenance-builder that is no URI',
      { require: 'provenance', 'provenance-builder': 'github runner' },
      'provenance-builder',
    ],
  ])('refuses %s, naming the input', async (_case, inputs, input) => {
    expect(await failure(inputs)).toMatchObject({ code: 'INPUT_INVALID', input });
  });

  it('lists what require allows when a word is unknown', async () => {
    const refused = await failure({ require: 'signature, sbom, provenence' });
    expect(refused.message).toContain('"provenence"');
    const error = await readVerifyGateInputs(
      reader({ require: 'provenence' }),
      environment(),
      noMasking,
    ).catch((e) => e);
    expect((error as SigilError).hint).toMatch(/`signature`, `sbom`, `provenance`, or a predicate-type URI/);
  });

  it.each([
    ['a malformed reference', { images: 'registry.example/app:' }, 'REFERENCE_INVALID', 'images'],
    ['an empty image list', { images: '' }, 'INPUT_INVALID', 'images'],
    ['an unknown platforms value', { platforms: 'some' }, 'INPUT_INVALID', 'platforms'],
    ['an unknown mode', { mode: 'warn' }, 'INPUT_INVALID', 'mode'],
    ['a public key file that is not PEM', { 'public-keys': 'junk.pub' }, 'KEY_INVALID', 'public-keys'],
    ['a private key given as public key', { 'public-keys': 'cosign.key' }, 'KEY_INVALID', 'public-keys'],
    ['a missing key file', { 'public-keys': 'nope.pub' }, 'INPUT_INVALID', 'public-keys'],
    ['an unset env:// key', { 'public-keys': 'env://NOT_SET' }, 'INPUT_INVALID', 'public-keys'],
    ['public-keys with only a comment', { 'public-keys': '# none' }, 'INPUT_INVALID', 'public-keys'],
    ['a revoked key file that is not PEM', { 'revoked-keys': 'junk.pub' }, 'KEY_INVALID', 'revoked-keys'],
    [
      'a truncated inline PEM',
      { 'public-keys': '-----BEGIN PUBLIC KEY-----\nMFkw' },
      'KEY_INVALID',
      'public-keys',
    ],
    ['an annotation without =', { annotations: 'env' }, 'INPUT_INVALID', 'annotations'],
    ['the reserved annotation timestamp', { annotations: 'timestamp=1' }, 'INPUT_INVALID', 'annotations'],
    ['concurrency above the limit', { concurrency: '1000' }, 'INPUT_INVALID', 'concurrency'],
  ])('refuses %s, naming the input', async (_case, inputs, code, input) => {
    expect(await failure(inputs)).toMatchObject({ code, input });
  });

  it.each([
    ['inline', (pem: string) => ({ inputs: { 'public-keys': pem }, env: {} })],
    ['in a file', () => ({ inputs: { 'public-keys': 'cosign.key' }, env: {} })],
    [
      'in a variable',
      (pem: string) => ({ inputs: { 'revoked-keys': 'env://PASTED' }, env: { PASTED: pem } }),
    ],
  ])('masks a private key pasted into the key lists (%s) before refusing it', async (_where, given) => {
    const pem = fileKey?.privateKeyPem ?? '';
    const { inputs, env } = given(pem);
    const masked: string[] = [];
    const masker = new SecretMasker((value) => masked.push(value));
    const error = await readVerifyGateInputs(reader(inputs), environment(env), masker).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SigilError);
    expect((error as SigilError).code).toBe('KEY_INVALID');
    expect((error as SigilError).message).not.toContain(pem.split('\n')[1]);
    const body = pem
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('-----'));
    expect(body.length).toBeGreaterThan(0);
    for (const line of body) expect(masked).toContain(line);
    expect(masker.redact(pem)).not.toMatch(/[A-Za-z0-9+/]{40}/);
  });

  it('masks nothing of a public key list', async () => {
    const masked: string[] = [];
    await readVerifyGateInputs(
      reader({ 'public-keys': `cosign.pub\n${inlineKey?.publicKeyPem ?? ''}` }),
      environment(),
      new SecretMasker((value) => masked.push(value)),
    );
    expect(masked).toEqual([]);
  });

  it('keeps KMS and k8s:// keys of public-keys and revoked-keys for the run, once each, beside the PEM keys', async () => {
    const inputs = await readVerifyGateInputs(
      reader({
        'public-keys':
          'cosign.pub\nk8s://troubleshooting-agent/prod\nawskms:///alias/release\nk8s://troubleshooting-agent/prod',
        'revoked-keys': 'hashivault://retired',
      }),
      environment(),
      noMasking,
    );
    expect(inputs.publicKeys.sources).toEqual([{ id: id(fileKey?.publicKeyPem), source: 'file:cosign.pub' }]);
    expect(inputs.publicKeys.kmsKeys).toEqual([
      { kind: 'kms', scheme: 'k8s', uri: 'k8s://troubleshooting-agent/prod' },
      { kind: 'kms', scheme: 'awskms', uri: 'awskms:///alias/release' },
    ]);
    expect(inputs.revokedKeys.kmsKeys).toEqual([
      { kind: 'kms', scheme: 'hashivault', uri: 'hashivault://retired' },
    ]);
    // A list of KMS keys only is a list of keys.
    const kmsOnly = await readVerifyGateInputs(
      reader({ 'public-keys': 'k8s://ci/cosign' }),
      environment(),
      noMasking,
    );
    expect(kmsOnly.publicKeys).toEqual({
      keys: [],
      sources: [],
      kmsKeys: [{ kind: 'kms', scheme: 'k8s', uri: 'k8s://ci/cosign' }],
    });
  });

  it('refuses a malformed KMS key URI, naming the input', async () => {
    expect(await failure({ 'public-keys': 'awskms://alias/release' })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'public-keys',
    });
    expect(await failure({ 'revoked-keys': 'k8s://just-a-name' })).toMatchObject({
      code: 'INPUT_INVALID',
      input: 'revoked-keys',
    });
  });

  it('refuses a gate that trusts nothing: neither public-keys nor a keyless signer', async () => {
    const refused = await failure({ 'public-keys': '' });
    expect(refused).toMatchObject({ code: 'INPUT_INVALID', input: 'public-keys' });
    expect(refused.message).toContain('nothing could be trusted');
  });

  describe('keyless signers', () => {
    const workflow = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';
    const keyless = (inputs: Record<string, string>) =>
      readVerifyGateInputs(
        reader({ 'public-keys': '', 'trusted-root': 'trusted_root.json', ...inputs }),
        environment(),
        noMasking,
      );

    it('reads identities (exact and whole-match patterns, one per line) with their issuer, without public-keys', async () => {
      const inputs = await keyless({
        'certificate-identity': `${workflow}\nmailto:release@acme.example`,
        'certificate-identity-regexp':
          'https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v[0-9,.]+',
        'certificate-oidc-issuer': 'https://token.actions.githubusercontent.com',
      });
      expect(inputs.publicKeys.keys).toEqual([]);
      const identities = inputs.keyless?.identities ?? [];
      expect(identities.map(({ subject }) => ('exact' in subject ? subject.exact : subject.source))).toEqual([
        workflow,
        'mailto:release@acme.example',
        'https://github\\.com/acme/app/\\.github/workflows/release\\.yml@refs/tags/v[0-9,.]+',
      ]);
      const pattern = identities[2]?.subject;
      expect(
        pattern !== undefined &&
          'pattern' in pattern &&
          pattern.pattern.test(workflow.replace('heads/main', 'tags/v1.2')),
      ).toBe(true);
      // Anchored: a longer name that merely starts with a match does not match.
      expect(
        pattern !== undefined &&
          'pattern' in pattern &&
          pattern.pattern.test(`${workflow.replace('heads/main', 'tags/v1.2')}x`),
      ).toBe(false);
      expect(inputs.keyless?.github).toEqual({ denySelfHostedRunners: false });
    });

    it('reads the GitHub shorthands, whose issuer is GitHub Actions', async () => {
      const inputs = await keyless({
        'signer-workflow': 'github.com/acme/app/.github/workflows/release.yml',
        'signer-repo': 'acme/app',
        'source-repo': 'https://github.com/acme/app/',
        'source-ref': 'refs/tags/v1.2.3',
        'source-digest': 'a'.repeat(40),
        'deny-self-hosted-runners': 'true',
      });
      expect(inputs.keyless).toEqual({
        identities: [],
        github: {
          signerWorkflow: 'github.com/acme/app/.github/workflows/release.yml',
          signerRepo: 'acme/app',
          sourceRepo: 'github.com/acme/app',
          sourceRef: 'refs/tags/v1.2.3',
          sourceDigest: 'a'.repeat(40),
          denySelfHostedRunners: true,
        },
      });
    });

    it.each([
      [{ 'certificate-identity': workflow }, 'certificate-oidc-issuer', 'only with the issuer'],
      [
        { 'certificate-identity-regexp': '(unclosed', 'certificate-oidc-issuer': 'x' },
        'certificate-identity-regexp',
        'does not compile',
      ],
      [
        { 'signer-workflow': 'acme/app/release.yml' },
        'signer-workflow',
        'not [host/]OWNER/REPO/.github/workflows/FILE.yml',
      ],
      [
        { 'signer-workflow': 'acme/app/.github/workflows/release.yml@refs/heads/main' },
        'signer-workflow',
        'not [host/]',
      ],
      [{ 'signer-repo': 'acme' }, 'signer-repo', 'not [host/]OWNER/REPO'],
      [{ 'signer-repo': 'acme/app', 'source-ref': 'main' }, 'source-ref', 'not a full Git ref'],
      [{ 'signer-repo': 'acme/app', 'source-digest': 'abc' }, 'source-digest', 'not a commit SHA'],
      [{ 'source-ref': 'refs/heads/main' }, 'source-ref', 'no signer is named'],
      [{ 'source-repo': 'acme/app' }, 'source-repo', 'no signer is named'],
      [{ 'signer-repo': 'acme/app', 'source-repo': 'acme' }, 'source-repo', 'not [host/]OWNER/REPO'],
      [{ 'deny-self-hosted-runners': 'true' }, 'deny-self-hosted-runners', 'no signer is named'],
      [
        { 'signer-repo': 'acme/app', 'certificate-oidc-issuer': 'https://accounts.google.com' },
        'certificate-oidc-issuer',
        'GitHub Actions workflows',
      ],
    ])('refuses %j, naming %s', async (given, input, problem) => {
      const refused = await failure({ 'public-keys': '', 'trusted-root': 'trusted_root.json', ...given });
      expect(refused).toMatchObject({ code: 'INPUT_INVALID', input });
      expect(refused.message).toContain(problem);
    });

    it('takes the public-good root through TUF when no trusted-root is given, and refuses engine: cosign', async () => {
      const toolCache = mkdtempSync(path.join(tmpdir(), 'gate-tool-cache-'));
      // Where the network reaches the public-good TUF repository the root loads; here it does not, and that is named.
      const outcome = await readVerifyGateInputs(
        reader({ 'public-keys': '', 'signer-repo': 'acme/app' }),
        { ...environment(), runnerToolCache: toolCache },
        noMasking,
      ).then(
        (inputs) => inputs.transparency.trustedRoot?.source,
        (error: unknown) => (error instanceof SigilError ? `${error.code}: ${error.message}` : String(error)),
      );
      expect(outcome).toMatch(
        /^(tuf:public-good|TRUST_ROOT_UNAVAILABLE: .*https:\/\/tuf-repo-cdn\.sigstore\.dev)/,
      );
      // The embedded public-good TUF root was the start, in the tool cache.
      expect(existsSync(path.join(toolCache, 'sigil-tuf', 'tuf-repo-cdn.sigstore.dev', 'root.json'))).toBe(
        true,
      );
      expect(
        await failure({ 'signer-repo': 'acme/app', 'trusted-root': 'trusted_root.json', engine: 'cosign' }),
      ).toMatchObject({ code: 'INPUT_INVALID', input: 'engine' });
    });

    it('reads a private TUF repository (tuf-url, tuf-root) and joins it with a trusted_root.json file', async () => {
      const repository = await startTufRepository({
        dir: workspace,
        targets: {
          'trusted_root.json': vectorText(
            'sigstore-conformance/intoto-with-custom-trust-root/trusted_root.json',
          ),
        },
      });
      try {
        const read = (extra: Record<string, string>) =>
          readVerifyGateInputs(
            reader({ 'public-keys': '', 'signer-repo': 'acme/app', 'tuf-url': repository.url, ...extra }),
            { ...environment(), runnerToolCache: mkdtempSync(path.join(tmpdir(), 'gate-tool-cache-')) },
            noMasking,
          );
        const alone = await read({ 'tuf-root': path.relative(workspace, repository.rootPath) });
        expect(alone.transparency.trustedRoot?.source).toBe(`tuf:${repository.url}`);
        expect(alone.transparency.trustedRoot?.root.counts.tlogs).toBe(1);
        const joined = await read({
          'tuf-root': repository.rootPath,
          'trusted-root': 'trusted_root.json',
        });
        expect(joined.transparency.trustedRoot?.source).toBe(`file:trusted_root.json+tuf:${repository.url}`);
        expect(joined.transparency.trustedRoot?.root.counts).toMatchObject({
          tlogs: 3,
          certificateAuthorities: 3,
        });
        repository.tamper('targets/trusted_root.json', productionRoot);
        await expect(read({ 'tuf-root': repository.rootPath })).rejects.toMatchObject({
          code: 'TRUST_ROOT_UNAVAILABLE',
        });
      } finally {
        await repository.stop();
      }
      expect(await failure({ 'tuf-url': 'https://tuf.example' })).toMatchObject({ input: 'tuf-root' });
      expect(await failure({ 'tuf-root': 'cosign.pub' })).toMatchObject({ input: 'tuf-url' });
      expect(await failure({ 'tuf-url': 'https://tuf.example', 'tuf-root': 'absent.json' })).toMatchObject({
        code: 'INPUT_INVALID',
        input: 'tuf-root',
      });
      expect(await failure({ 'tuf-url': 'http://tuf.example', 'tuf-root': 'cosign.pub' })).toMatchObject({
        code: 'INPUT_INVALID',
        input: 'tuf-url',
      });
      expect(await failure({ 'trusted-root': 'public-good, PUBLIC-GOOD' })).toMatchObject({
        code: 'INPUT_INVALID',
        input: 'trusted-root',
      });
    });

    it('keys and identities may be mixed', async () => {
      const inputs = await keyless({ 'public-keys': 'cosign.pub', 'signer-repo': 'acme/app' });
      expect(inputs.publicKeys.keys).toHaveLength(1);
      expect(inputs.keyless?.github.signerRepo).toBe('acme/app');
    });
  });
  describe('engine', () => {
    it('defaults to native and accepts cosign, with keys, annotations and require as for native', async () => {
      expect((await readVerifyGateInputs(reader({}), environment(), noMasking)).engine).toBe('native');
      const inputs = await readVerifyGateInputs(
        reader({
          engine: 'cosign',
          'public-keys': 'cosign.pub\nk8s://ci/cosign',
          annotations: 'env=prod',
          require: 'signature, sbom, provenance',
          platforms: 'all',
        }),
        environment(),
        noMasking,
      );
      expect([inputs.engine, inputs.annotations, inputs.platforms]).toEqual([
        'cosign',
        { env: 'prod' },
        'all',
      ]);
      expect(inputs.requirements).toHaveLength(3);
    });

    it('refuses an engine it does not know, naming the input', async () => {
      expect(await failure({ engine: 'sigstore' })).toMatchObject({ code: 'INPUT_INVALID', input: 'engine' });
    });

    it('refuses revoked-keys with engine: cosign (cosign has no revocation), naming the fix', async () => {
      for (const revoked of ['revoked.pub', 'hashivault://retired']) {
        const refused = await failure({ engine: 'cosign', 'revoked-keys': revoked });
        expect(refused).toMatchObject({ code: 'INPUT_INVALID', input: 'revoked-keys' });
        expect(refused.message).toContain('cosign has no key revocation');
      }
      // The same list is fine with the native engine, which enforces it.
      await expect(
        readVerifyGateInputs(reader({ 'revoked-keys': 'revoked.pub' }), environment(), noMasking),
      ).resolves.toMatchObject({ engine: 'native' });
    });

    it.each(['provenance-source', 'provenance-builder'])(
      'refuses %s with engine: cosign (only the first statement is printed)',
      async (input) => {
        const value =
          input === 'provenance-source'
            ? 'github.com/acme/app'
            : 'https://github.com/acme/app/.github/workflows/release.yml';
        const refused = await failure({ engine: 'cosign', require: 'signature, provenance', [input]: value });
        expect(refused).toMatchObject({ code: 'INPUT_INVALID', input });
        expect(refused.message).toContain('engine: cosign');
      },
    );
  });
  describe('trusted-root and require-tlog', () => {
    it('defaults to no trusted root and require-tlog auto (required of keyless evidence only)', async () => {
      const inputs = await readVerifyGateInputs(reader({}), environment(), noMasking);
      expect(inputs.transparency).toEqual({ requireTlog: 'auto' });
      const auto = await readVerifyGateInputs(reader({ 'require-tlog': 'AUTO' }), environment(), noMasking);
      expect(auto.transparency).toEqual({ requireTlog: 'auto' });
      const off = await readVerifyGateInputs(reader({ 'require-tlog': 'false' }), environment(), noMasking);
      expect(off.transparency).toEqual({ requireTlog: false });
    });

    it('reads the public-good trusted root and a private one, each with what it trusts', async () => {
      const production = await readVerifyGateInputs(
        reader({ 'trusted-root': 'trusted_root.json', 'require-tlog': 'true' }),
        environment(),
        noMasking,
      );
      expect(production.transparency.requireTlog).toBe(true);
      expect(production.transparency.trustedRoot?.source).toBe('file:trusted_root.json');
      expect(production.transparency.trustedRoot?.root.counts).toEqual({
        tlogs: 2,
        certificateAuthorities: 2,
        ctlogs: 2,
        timestampAuthorities: 1,
      });
      const custom = await readVerifyGateInputs(
        reader({ 'trusted-root': 'custom_root.json' }),
        environment(),
        noMasking,
      );
      expect(custom.transparency.trustedRoot?.root.counts.tlogs).toBe(1);
      expect(custom.transparency.requireTlog).toBe('auto');
    });

    it('refuses require-tlog: true without a trusted root to verify entries against', async () => {
      const refused = await failure({ 'require-tlog': 'true' });
      expect(refused).toMatchObject({ code: 'INPUT_INVALID', input: 'require-tlog' });
      expect(refused.message).toContain('no `trusted-root`');
      expect(await failure({ 'require-tlog': 'always' })).toMatchObject({ input: 'require-tlog' });
    });

    it.each([
      ['missing.json', undefined, 'cannot be read'],
      ['.', undefined, 'is not a file'],
      ['dupe.json', '{"mediaType":"a","mediaType":"b"}', 'is not strict JSON'],
      ['text.json', 'not json', 'is not strict JSON'],
      [
        'media.json',
        JSON.stringify({ ...JSON.parse(productionRoot), mediaType: 'application/json' }),
        'its mediaType is "application/json"',
      ],
      [
        'badkey.json',
        JSON.stringify({
          ...JSON.parse(productionRoot),
          tlogs: [
            {
              ...JSON.parse(productionRoot).tlogs[0],
              publicKey: { rawBytes: 'AAAA', keyDetails: 'PKIX_ECDSA_P256_SHA_256' },
            },
          ],
        }),
        'cannot be used',
      ],
    ])('refuses trusted-root %s, naming the input', async (file, content, problem) => {
      if (content !== undefined) writeFileSync(path.join(workspace, file), content);
      const refused = await failure({ 'trusted-root': file });
      expect(refused).toMatchObject({ code: 'INPUT_INVALID', input: 'trusted-root' });
      expect(refused.message).toContain(problem);
    });

    it('refuses both with engine: cosign, which verifies with --insecure-ignore-tlog', async () => {
      expect(await failure({ engine: 'cosign', 'trusted-root': 'trusted_root.json' })).toMatchObject({
        code: 'INPUT_INVALID',
        input: 'trusted-root',
      });
      const refused = await failure({
        engine: 'cosign',
        'trusted-root': 'trusted_root.json',
        'require-tlog': 'false',
      });
      expect(refused.message).toContain('engine: cosign');
    });
  });
});
