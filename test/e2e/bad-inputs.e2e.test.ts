import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ErrorCode } from '@sigil/core';
import type { RepositoryRef } from '@sigil/oci';
import { runDistAction } from '@sigil/testing';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  cleanupRuns,
  declaredInputs,
  requireBundle,
  runBundle,
  transcript,
  type ActionName,
} from './bundle.js';
import { errorAnnotations, stackTraceLines } from './captured-output.js';
import { pinned, startE2eRegistry, type E2eRegistry } from './e2e-registry.js';
import { createKeyMaterial, type KeyMaterial } from './key-material.js';

/**
 * Every bad input fails the step the same way: exit code 1, exactly one `::error::` that starts with
 * `[CODE]` and names the input to fix, no stack trace, and nothing written to the registry.
 */
let registry: E2eRegistry;
let work: string;
let key: KeyMaterial;
let notPemPath: string;

beforeAll(async () => {
  requireBundle('sign-image');
  requireBundle('verify-gate');
  work = mkdtempSync(join(tmpdir(), 'sigil-e2e-bad-'));
  [registry, key] = await Promise.all([startE2eRegistry(), createKeyMaterial(work)]);
  notPemPath = join(work, 'not-a-key.txt');
  writeFileSync(notPemPath, 'this is a shopping list, not a key\nmilk\neggs\n');
});

afterAll(async () => {
  await cleanupRuns();
  await registry?.stop();
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

/** What a case can use: a freshly pushed image (by digest) and the suite's key material. */
interface CaseContext {
  readonly image: string;
  readonly repo: RepositoryRef;
  readonly key: KeyMaterial;
  readonly notPemPath: string;
}

interface BadInputCase {
  readonly name: string;
  readonly inputs: (context: CaseContext) => Record<string, string>;
  readonly env?: (context: CaseContext) => Record<string, string>;
  readonly code: ErrorCode;
  /** The input the error must name (in backticks, as the boundary prints it). */
  readonly input: string;
  /** Something else the message must say, e.g. which release brings a feature. */
  readonly says?: RegExp;
}

/** A valid sign-image step, which each case then breaks in one place. */
function signing(context: CaseContext, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    images: context.image,
    key: context.key.keyPath,
    'key-password': context.key.password,
    ...overrides,
  };
}

/** A valid verify-gate step, which each case then breaks in one place. */
function gating(context: CaseContext, overrides: Record<string, string> = {}): Record<string, string> {
  return { images: context.image, 'public-keys': context.key.publicKeyPath, ...overrides };
}

const malformedReferences = (context: CaseContext) =>
  `${context.image}\n${context.repo.registry}/UPPER/Case:tag`;
const emptyList = '# nothing to sign yet\n\n , \n   # still nothing\n';

const signImageCases: BadInputCase[] = [
  {
    name: 'a malformed reference next to a good one',
    inputs: (c) => signing(c, { images: malformedReferences(c) }),
    code: 'REFERENCE_INVALID',
    input: 'images',
  },
  {
    name: 'a digest that is not 64 hex',
    inputs: (c) => signing(c, { images: `${c.repo.registry}/${c.repo.repository}@sha256:abc` }),
    code: 'REFERENCE_INVALID',
    input: 'images',
  },
  {
    name: 'an empty image list',
    inputs: (c) => signing(c, { images: emptyList }),
    code: 'INPUT_INVALID',
    input: 'images',
  },
  {
    name: 'a key file that is not PEM',
    inputs: (c) => signing(c, { key: c.notPemPath }),
    code: 'KEY_INVALID',
    input: 'key',
  },
  {
    name: 'a key file that does not exist',
    inputs: (c) => signing(c, { key: join(work, 'missing.key') }),
    code: 'INPUT_INVALID',
    input: 'key',
  },
  {
    name: 'a wrong key-password',
    inputs: (c) => signing(c, { 'key-password': 'wrong-password' }),
    code: 'KEY_PASSWORD',
    input: 'key-password',
  },
  {
    name: 'a wrong COSIGN_PASSWORD',
    inputs: (c) => ({ images: c.image, key: c.key.keyPath }),
    env: () => ({ COSIGN_PASSWORD: 'wrong-password' }),
    code: 'KEY_PASSWORD',
    input: 'key-password',
  },
  {
    name: 'env:// naming an unset variable',
    inputs: (c) => signing(c, { key: 'env://SIGIL_E2E_UNSET_KEY' }),
    code: 'INPUT_INVALID',
    input: 'key',
    says: /SIGIL_E2E_UNSET_KEY/,
  },
  {
    name: 'env:// holding something that is not PEM',
    inputs: (c) => signing(c, { key: 'env://SIGIL_E2E_KEY' }),
    env: () => ({ SIGIL_E2E_KEY: 'not a key' }),
    code: 'KEY_INVALID',
    input: 'key',
  },
  {
    name: 'an AWS KMS key URI with no cosign installed',
    inputs: (c) => signing(c, { key: 'awskms://localhost:4566/alias/release' }),
    code: 'COSIGN_MISSING',
    input: 'key',
    says: /uses: <owner>\/sigil\/actions\/install-cosign@v1/,
  },
  {
    name: 'a Kubernetes secret key URI with no cosign installed',
    inputs: (c) => signing(c, { key: 'k8s://sigil/signing-key' }),
    code: 'COSIGN_MISSING',
    input: 'key',
    says: /uses: <owner>\/sigil\/actions\/install-cosign@v1/,
  },
  {
    name: 'a Kubernetes secret key URI without a namespace',
    inputs: (c) => signing(c, { key: 'k8s://signing-key' }),
    code: 'INPUT_INVALID',
    input: 'key',
  },
  {
    name: 'engine: podman',
    inputs: (c) => signing(c, { engine: 'podman' }),
    code: 'INPUT_INVALID',
    input: 'engine',
  },
  {
    name: 'signature-format: sigstore',
    inputs: (c) => signing(c, { 'signature-format': 'sigstore' }),
    code: 'INPUT_INVALID',
    input: 'signature-format',
    says: /`legacy`, `bundle`, `both`/,
  },
  {
    name: 'signature-format: bundle with engine: cosign',
    inputs: (c) => signing(c, { 'signature-format': 'bundle', engine: 'cosign' }),
    code: 'NOT_YET_SUPPORTED',
    input: 'signature-format',
    says: /native engine/,
  },
  {
    name: 'tlog-upload: true with engine: cosign',
    inputs: (c) => signing(c, { 'tlog-upload': 'true', engine: 'cosign' }),
    code: 'NOT_YET_SUPPORTED',
    input: 'tlog-upload',
    says: /native engine/,
  },
  {
    name: 'tlog-upload: true with signature-format: both',
    inputs: (c) => signing(c, { 'tlog-upload': 'true', 'signature-format': 'both' }),
    code: 'NOT_YET_SUPPORTED',
    input: 'tlog-upload',
    says: /signature-format: bundle/,
  },
  {
    name: 'tsa-url without tlog-upload',
    inputs: (c) => signing(c, { 'tsa-url': 'https://timestamp.example/api/v1/timestamp' }),
    code: 'INPUT_INVALID',
    input: 'tsa-url',
    says: /nothing is uploaded/,
  },
  {
    name: 'tlog-upload: maybe',
    inputs: (c) => signing(c, { 'tlog-upload': 'maybe' }),
    code: 'INPUT_INVALID',
    input: 'tlog-upload',
  },
  {
    name: 'rekor-url of plain http off loopback',
    inputs: (c) =>
      signing(c, {
        'tlog-upload': 'true',
        'signature-format': 'bundle',
        'rekor-url': 'http://rekor.example',
      }),
    code: 'INPUT_INVALID',
    input: 'rekor-url',
    says: /https/,
  },
  {
    name: 'keyless with a key-password and no key',
    inputs: (c) => ({ images: c.image, 'key-password': c.key.password }),
    code: 'INPUT_INVALID',
    input: 'key-password',
  },
  {
    name: 'keyless with signing-config and fulcio-url',
    inputs: (c) => ({
      images: c.image,
      'signing-config': 'signing_config.json',
      'fulcio-url': 'https://fulcio.example',
    }),
    code: 'INPUT_INVALID',
    input: 'fulcio-url',
  },
  {
    name: 'keyless with tlog-upload: false and no timestamp authority',
    inputs: (c) => ({ images: c.image, 'tlog-upload': 'false', 'fulcio-url': 'https://fulcio.example' }),
    code: 'INPUT_INVALID',
    input: 'tlog-upload',
    says: /neither a transparency log nor a timestamp authority/,
  },
  {
    name: 'keyless fulcio-url of plain http off loopback',
    inputs: (c) => ({ images: c.image, 'fulcio-url': 'http://fulcio.example' }),
    code: 'INPUT_INVALID',
    input: 'fulcio-url',
    says: /https/,
  },
  {
    name: 'recursive: yes',
    inputs: (c) => signing(c, { recursive: 'yes' }),
    code: 'INPUT_INVALID',
    input: 'recursive',
  },
  {
    name: 'show-summary: 1',
    inputs: (c) => signing(c, { 'show-summary': '1' }),
    code: 'INPUT_INVALID',
    input: 'show-summary',
  },
  {
    name: 'concurrency: 0',
    inputs: (c) => signing(c, { concurrency: '0' }),
    code: 'INPUT_INVALID',
    input: 'concurrency',
  },
  {
    name: 'timeout-seconds: abc',
    inputs: (c) => signing(c, { 'timeout-seconds': 'abc' }),
    code: 'INPUT_INVALID',
    input: 'timeout-seconds',
  },
  {
    name: 'an annotation line without =',
    inputs: (c) => signing(c, { annotations: 'env=prod\nreviewed' }),
    code: 'INPUT_INVALID',
    input: 'annotations',
  },
  {
    name: 'the reserved annotation key timestamp (the payload holds it as an integer)',
    inputs: (c) => signing(c, { annotations: 'env=prod\ntimestamp=1700000000' }),
    code: 'INPUT_INVALID',
    input: 'annotations',
    says: /reserved key "timestamp"/,
  },
  {
    name: 'registry-password without registry-username',
    inputs: (c) => signing(c, { 'registry-password': 'some-password' }),
    code: 'INPUT_INVALID',
    input: 'registry-username',
  },
  {
    name: 'an insecure registry given as a URL',
    inputs: (c) => signing(c, { 'insecure-registries': 'http://registry.internal:5000/v2' }),
    code: 'INPUT_INVALID',
    input: 'insecure-registries',
  },
];

const verifyGateCases: BadInputCase[] = [
  {
    name: 'a malformed reference next to a good one',
    inputs: (c) => gating(c, { images: malformedReferences(c) }),
    code: 'REFERENCE_INVALID',
    input: 'images',
  },
  {
    name: 'an empty image list',
    inputs: (c) => gating(c, { images: emptyList }),
    code: 'INPUT_INVALID',
    input: 'images',
  },
  {
    name: 'a public key file that is not PEM',
    inputs: (c) => gating(c, { 'public-keys': c.notPemPath }),
    code: 'KEY_INVALID',
    input: 'public-keys',
  },
  {
    name: 'a private key where a public key belongs',
    inputs: (c) => gating(c, { 'public-keys': c.key.privateKeyPem }),
    code: 'KEY_INVALID',
    input: 'public-keys',
  },
  {
    name: 'the reserved annotation key timestamp as a requirement',
    inputs: (c) => gating(c, { annotations: 'timestamp=1700000000' }),
    code: 'INPUT_INVALID',
    input: 'annotations',
    says: /reserved key "timestamp"/,
  },
  {
    name: 'a revoked key file that is not PEM',
    inputs: (c) => gating(c, { 'revoked-keys': c.notPemPath }),
    code: 'KEY_INVALID',
    input: 'revoked-keys',
  },
  {
    name: 'env:// naming an unset variable',
    inputs: (c) => gating(c, { 'public-keys': 'env://SIGIL_E2E_UNSET_PUBLIC_KEY' }),
    code: 'INPUT_INVALID',
    input: 'public-keys',
    says: /SIGIL_E2E_UNSET_PUBLIC_KEY/,
  },
  {
    name: 'an AWS KMS key URI with no cosign installed',
    inputs: (c) => gating(c, { 'public-keys': 'awskms://localhost:4566/alias/release' }),
    code: 'COSIGN_MISSING',
    input: 'public-keys',
    says: /uses: <owner>\/sigil\/actions\/install-cosign@v1/,
  },
  {
    name: 'a Kubernetes secret key URI with no cosign installed',
    inputs: (c) => gating(c, { 'revoked-keys': 'k8s://sigil/signing-key' }),
    code: 'COSIGN_MISSING',
    input: 'revoked-keys',
    says: /uses: <owner>\/sigil\/actions\/install-cosign@v1/,
  },
  {
    name: 'neither public-keys nor a keyless signer',
    inputs: (c) => ({ images: c.image }),
    code: 'INPUT_INVALID',
    input: 'public-keys',
    says: /nothing could be trusted/,
  },
  {
    name: 'certificate-identity without certificate-oidc-issuer',
    inputs: (c) => ({
      images: c.image,
      'certificate-identity': 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main',
    }),
    code: 'INPUT_INVALID',
    input: 'certificate-oidc-issuer',
    says: /only with the issuer/,
  },
  {
    name: 'tuf-url without tuf-root',
    inputs: (c) => ({
      images: c.image,
      'signer-workflow': 'acme/app/.github/workflows/release.yml',
      'tuf-url': 'https://tuf.example',
    }),
    code: 'INPUT_INVALID',
    input: 'tuf-root',
  },
  {
    name: 'require: a misspelt word',
    inputs: (c) => gating(c, { require: 'signature, sbomm' }),
    code: 'INPUT_INVALID',
    input: 'require',
    says: /`signature`, `sbom`, `provenance`, or a predicate-type URI/,
  },
  {
    name: 'require: a URI of another scheme',
    inputs: (c) => gating(c, { require: 'ftp://example.com/predicate' }),
    code: 'INPUT_INVALID',
    input: 'require',
  },
  {
    name: 'provenance-source without provenance in require',
    inputs: (c) => gating(c, { 'provenance-source': 'github.com/acme/app' }),
    code: 'INPUT_INVALID',
    input: 'provenance-source',
  },
  {
    name: 'provenance-source without a host',
    inputs: (c) => gating(c, { require: 'signature, provenance', 'provenance-source': 'acme/app' }),
    code: 'INPUT_INVALID',
    input: 'provenance-source',
  },
  {
    name: 'mode: strict',
    inputs: (c) => gating(c, { mode: 'strict' }),
    code: 'INPUT_INVALID',
    input: 'mode',
  },
  {
    name: 'platforms: some',
    inputs: (c) => gating(c, { platforms: 'some' }),
    code: 'INPUT_INVALID',
    input: 'platforms',
  },
  {
    name: 'concurrency: 0',
    inputs: (c) => gating(c, { concurrency: '0' }),
    code: 'INPUT_INVALID',
    input: 'concurrency',
  },
  {
    name: 'timeout-seconds: abc',
    inputs: (c) => gating(c, { 'timeout-seconds': 'abc' }),
    code: 'INPUT_INVALID',
    input: 'timeout-seconds',
  },
  {
    name: 'show-summary: yes',
    inputs: (c) => gating(c, { 'show-summary': 'yes' }),
    code: 'INPUT_INVALID',
    input: 'show-summary',
  },
];

async function expectCleanFailure(action: ActionName, testCase: BadInputCase): Promise<void> {
  const repo = registry.uniqueRepo(action);
  const pushed = await registry.pushImage(repo, 'v1');
  const context: CaseContext = { image: pinned(repo, pushed.digest), repo, key, notPemPath };

  const run = await runBundle(action, {
    inputs: testCase.inputs(context),
    ...(testCase.env === undefined ? {} : { env: testCase.env(context) }),
  });

  const errors = errorAnnotations(run);
  expect({ exitCode: run.exitCode, errors: errors.length, stackTrace: stackTraceLines(run) }).toEqual({
    exitCode: 1,
    errors: 1,
    stackTrace: [],
  });
  const message = errors[0] ?? transcript(run);
  expect(message.startsWith(`[${testCase.code}] `) ? testCase.code : message).toBe(testCase.code);
  expect(message).toContain(`\`${testCase.input}\``);
  if (testCase.says !== undefined) expect(message).toMatch(testCase.says);
  expect(await registry.tags(repo)).toEqual(['v1']);
}

describe('sign-image refuses bad inputs cleanly', () => {
  it.each(signImageCases)('$name → $code naming `$input`', (testCase) =>
    expectCleanFailure('sign-image', testCase),
  );
});

describe('verify-gate refuses bad inputs cleanly', () => {
  it.each(verifyGateCases)('$name → $code naming `$input`', (testCase) =>
    expectCleanFailure('verify-gate', testCase),
  );
});

describe('inputs of the contract that do not work yet are not declared', () => {
  const notYet: Partial<Record<ActionName, string[]>> = {
    'verify-gate': ['metrics-file', 'pushgateway-url'],
    'attest-sbom': ['syft-version'],
  };

  it.each(Object.entries(notYet) as [ActionName, string[]][])(
    '%s declares none of them, and a step that sets one is refused by the harness',
    async (action, inputs) => {
      const declared = [...declaredInputs(action).keys()];
      expect(declared.filter((input) => inputs.includes(input))).toEqual([]);
      for (const input of inputs) {
        await expect(runDistAction(action, { inputs: { [input]: 'x' } })).rejects.toThrow(
          `${action} has no input named "${input}"`,
        );
      }
    },
  );
});
