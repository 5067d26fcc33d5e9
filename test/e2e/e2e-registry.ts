import { createCredentialSource, RegistryClient, type RepositoryRef } from '@sigil/oci';
import {
  pushTestImage,
  pushTestIndex,
  startRegistry,
  type PushedImage,
  type PushedIndex,
  type StartedRegistry,
} from '@sigil/testing';
import { randomBytes } from 'node:crypto';

/** A loopback Docker Distribution for e2e runs, with a client that pushes the test images. */
export interface E2eRegistry {
  readonly started: StartedRegistry;
  readonly host: string;
  /** A repository no other test uses: `e2e/<name>-<random>`. */
  uniqueRepo(name: string): RepositoryRef;
  pushImage(repo: RepositoryRef, tag?: string): Promise<PushedImage>;
  pushIndex(repo: RepositoryRef, tag?: string): Promise<PushedIndex>;
  /** The repository's tags, sorted (empty when it has none). */
  tags(repo: RepositoryRef): Promise<string[]>;
  stop(): Promise<void>;
}

export async function startE2eRegistry(auth: 'none' | 'htpasswd' = 'none'): Promise<E2eRegistry> {
  const started = await startRegistry({ auth });
  const client = new RegistryClient({
    timeoutMs: 120_000,
    ...(started.credentials === undefined
      ? {}
      : { credentials: createCredentialSource({ explicit: started.credentials }) }),
  });
  return {
    started,
    host: started.host,
    uniqueRepo: (name) => ({
      registry: started.host,
      repository: `e2e/${name}-${randomBytes(4).toString('hex')}`,
    }),
    pushImage: (repo, tag) => pushTestImage(client, repo, tag === undefined ? {} : { tag }),
    pushIndex: (repo, tag) => pushTestIndex(client, repo, tag === undefined ? {} : { tag }),
    tags: async (repo) => (await client.listTags(repo)).sort(),
    stop: async () => {
      client.close();
      await started.stop();
    },
  };
}

/** `registry/repository@digest` */
export function pinned(repo: RepositoryRef, digest: string): string {
  return `${repo.registry}/${repo.repository}@${digest}`;
}

/** `registry/repository:tag` */
export function tagged(repo: RepositoryRef, tag: string): string {
  return `${repo.registry}/${repo.repository}:${tag}`;
}

/** The cosign legacy signature tag of a digest: `sha256-<hex>.sig`. */
export function signatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}
