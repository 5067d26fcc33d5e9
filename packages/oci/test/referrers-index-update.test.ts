import { describe, expect, it } from '@jest/globals';
import {
  addToReferrersIndex,
  type ConditionalWrites,
  type IndexWriteCondition,
  type ReferrersIndexStore,
} from '../src/referrers-index-update.js';
import { MEDIA_TYPES, type Descriptor } from '../src/types.js';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

function entry(n: number): Descriptor {
  return {
    mediaType: MEDIA_TYPES.ociManifest,
    digest: `sha256:${n.toString(16).padStart(64, '0')}`,
    size: 100 + n,
    artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  };
}

/** A registry that ignores `If-Match`, on a clock that only moves when a request takes time or a writer sleeps. */
function slowRegistry(latency: { readMs: number; writeMs: number }) {
  let now = 0;
  let index: Uint8Array | undefined;
  const log: { op: 'read' | 'write' | 'sleep'; at: number; ms?: number }[] = [];
  const store: ReferrersIndexStore = {
    read: async () => {
      log.push({ op: 'read', at: now });
      now += latency.readMs;
      return index === undefined ? undefined : { bytes: index, etag: '"e"' };
    },
    write: async (bytes: Uint8Array, _condition: IndexWriteCondition | undefined, startBy: number) => {
      if (now > startBy) return 'stale';
      log.push({ op: 'write', at: now });
      now += latency.writeMs;
      index = bytes;
      return 'written';
    },
  };
  let conditional: ConditionalWrites = 'unknown';
  const environment = {
    now: () => now,
    sleep: async (ms: number) => {
      log.push({ op: 'sleep', at: now, ms });
      now += ms;
    },
    random: () => 0.5,
    conditional: () => conditional,
    remember: (support: Exclude<ConditionalWrites, 'unknown'>) => (conditional = support),
  };
  return {
    store,
    environment,
    log,
    listed: () =>
      index === undefined
        ? []
        : (JSON.parse(decoder.decode(index)) as { manifests: { digest: string }[] }).manifests.map(
            ({ digest }) => digest,
          ),
    seed: (digests: Descriptor[]) => {
      index = encoder.encode(
        JSON.stringify({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex, manifests: digests }),
      );
    },
  };
}

const policy = { settleMs: 300, staleMs: 100, maxRounds: 10 };

describe('addToReferrersIndex on a registry that ignores If-Match', () => {
  it('re-reads after settleMs when requests are fast', async () => {
    const registry = slowRegistry({ readMs: 10, writeMs: 10 });
    registry.seed([entry(1)]);
    await expect(
      addToReferrersIndex(registry.store, entry(2), 'r', registry.environment, policy),
    ).resolves.toEqual({
      written: true,
    });
    const writes = registry.log.filter(({ op }) => op === 'write');
    // The If-Match probe with an impossible ETag landed: the registry ignores If-Match, and that was the write.
    expect(writes).toHaveLength(1);
    expect(registry.environment.conditional()).toBe('ignored');
    const lastWriteAnswered = writes.at(-1)!.at + 10;
    const confirm = registry.log.filter(({ op }) => op === 'read').at(-1)!;
    expect(confirm.at - lastWriteAnswered).toBe(300);
    expect(registry.listed()).toEqual([entry(1).digest, entry(2).digest]);
  });

  it('waits staleMs plus three times its slowest request when that is longer than settleMs', async () => {
    const registry = slowRegistry({ readMs: 40, writeMs: 250 });
    registry.seed([entry(1)]);
    await addToReferrersIndex(registry.store, entry(2), 'r', registry.environment, policy);
    const lastWriteAnswered = registry.log.filter(({ op }) => op === 'write').at(-1)!.at + 250;
    const confirm = registry.log.filter(({ op }) => op === 'read').at(-1)!;
    // A concurrent writer as slow as this one lands a write from a stale read up to 100 + 40 + 250 ms later.
    expect(confirm.at - lastWriteAnswered).toBe(100 + 3 * 250);
  });

  it('counts a read as stale from its answer, so a slow read still leads to a write', async () => {
    const registry = slowRegistry({ readMs: 150, writeMs: 10 });
    await addToReferrersIndex(registry.store, entry(2), 'r', registry.environment, policy);
    expect(registry.listed()).toEqual([entry(2).digest]);
    const confirm = registry.log.filter(({ op }) => op === 'read').at(-1)!;
    const lastWriteAnswered = registry.log.filter(({ op }) => op === 'write').at(-1)!.at + 10;
    expect(confirm.at - lastWriteAnswered).toBe(100 + 3 * 150);
  });

  it('writes again when a concurrent write dropped its entry before it settled', async () => {
    const registry = slowRegistry({ readMs: 10, writeMs: 10 });
    registry.seed([entry(1)]);
    const { store } = registry;
    let dropped = false;
    const dropping: ReferrersIndexStore = {
      read: () => store.read(),
      write: async (bytes, condition, startBy) => {
        const outcome = await store.write(bytes, condition, startBy);
        // Another writer, holding a read from before this write, replaces the index once.
        if (!dropped && outcome === 'written') {
          dropped = true;
          registry.seed([entry(1), entry(3)]);
        }
        return outcome;
      },
    };
    await addToReferrersIndex(dropping, entry(2), 'r', registry.environment, policy);
    expect(dropped).toBe(true);
    expect(registry.listed().sort()).toEqual([entry(1).digest, entry(2).digest, entry(3).digest].sort());
  });
});
