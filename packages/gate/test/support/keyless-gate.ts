import { afterAll, beforeAll } from '@jest/globals';
import { SigningKey } from '@sigil/keys';
import { RegistryClient, parseReference, type RepositoryRef } from '@sigil/oci';
import { startRegistry, type StartedRegistry } from '@sigil/testing';
import { startSigstoreStack, type SigstoreStack } from '@sigil/testing/sigstore-stack';
import { LoadedTrustedRoot } from '@sigil/transparency';
import { KeylessSigner } from '@sigil/transparency/keyless';
import { generateKeyPairSync } from 'node:crypto';
import { runGate, type GateResult, type Requirement } from '../../src/index.js';
import type { GatePolicy } from '../../src/gate-policy.js';
import type { KeylessPolicy } from '../../src/keyless-policy.js';

/**
 * The fixture of the suites that judge keyless legacy layers (`.sig`, `.att`): a registry, the loopback Sigstore
 * (its certificates name GitHub's issuer, as a runner's do) and another one, a keyless signer of the first, and
 * the gate pinned to its workflow. The bindings are live: they hold their values once `useKeylessGate` has set
 * them up (in its `beforeAll`).
 */
let registry: StartedRegistry;
export let stack: SigstoreStack;
export let otherStack: SigstoreStack;
export let client: RegistryClient;
export let root: LoadedTrustedRoot;
export let signer: KeylessSigner;

/** A trusted key of the gate's policy, which signs nothing keyless. */
export const key = new SigningKey(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
/** The workflow the stack's tokens name (`githubClaims`' default). */
const WORKFLOW = 'sigil-test/app/.github/workflows/release.yml';

let repositoryPrefix = '';
let requirement: Requirement;
let counter = 0;

/** Starts the fixture before the suite's tests (stopped after them); repositories are `<prefix>/<name>-<n>`. */
export function useKeylessGate(options: {
  readonly prefix: string;
  readonly requirement: Requirement;
}): void {
  repositoryPrefix = options.prefix;
  requirement = options.requirement;
  beforeAll(async () => {
    [registry, stack, otherStack] = await Promise.all([
      startRegistry(),
      startSigstoreStack({ issuer: 'github' }),
      startSigstoreStack({ issuer: 'github' }),
    ]);
    client = new RegistryClient({ timeoutMs: 60_000 });
    root = LoadedTrustedRoot.load(stack.trustedRoot);
    signer = signerOf(stack);
  });
  afterAll(async () => {
    client?.close();
    await Promise.all([registry?.stop(), stack?.stop(), otherStack?.stop()]);
  });
}

export function signerOf(sigstore: SigstoreStack, token = sigstore.token()): KeylessSigner {
  return new KeylessSigner({
    identityToken: token,
    fulcioURL: sigstore.fulcioURL,
    rekorURL: sigstore.rekorURL,
  });
}

export const repoNamed = (name: string): RepositoryRef => ({
  registry: registry.host,
  repository: `${repositoryPrefix}/${name}-${++counter}`,
});

/** The stack's identity (or `identities`), pinned to its workflow on a GitHub-hosted runner, `overrides` over that. */
export const keyless = (
  overrides: Partial<KeylessPolicy['github']> = {},
  identities?: KeylessPolicy['identities'],
): KeylessPolicy => ({
  identities: identities ?? [
    { subject: { exact: stack.identity.subjectAlternativeName }, issuer: stack.identity.issuer },
  ],
  github: { signerWorkflow: WORKFLOW, denySelfHostedRunners: true, ...overrides },
});

/** The suite's requirement, keyless pinned, the stack's trusted root; `extra` over that. */
export function policy(extra: Partial<GatePolicy> = {}): GatePolicy {
  return {
    signature: { trustedKeys: [key.publicKey] },
    requirements: [requirement],
    platforms: 'index',
    mode: 'enforce',
    keyless: keyless(),
    transparency: { trustedRoot: root, requireTlog: 'auto' },
    ...extra,
  };
}

export async function gate(
  image: { repo: RepositoryRef; digest: string },
  gatePolicy: GatePolicy,
): Promise<GateResult> {
  const text = `${image.repo.registry}/${image.repo.repository}@${image.digest}`;
  return runGate(client, [{ image: text, reference: parseReference(text) }], gatePolicy);
}
