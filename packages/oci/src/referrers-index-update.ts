import { SigilError, parseStrictJsonBytesToPlain } from '@sigil/core';
import { MAX_REFERRERS, parseReferrersIndex } from './referrers.js';
import { MEDIA_TYPES, type Descriptor } from './types.js';

/** The fallback index as last read: its bytes and the ETag the registry sent with them (if any). */
interface ReferrersIndexCopy {
  readonly bytes: Uint8Array;
  readonly etag: string | undefined;
}

/** `If-Match: <etag>` replaces exactly what was read; `If-None-Match: *` creates only if absent. */
export type IndexWriteCondition = { readonly ifMatch: string } | { readonly ifNoneMatch: '*' };

/**
 * Reads and writes one fallback index tag (`sha256-<hex>`); `conflict` is the registry's 412. `startBy` (on
 * the environment's clock) is when the bytes go stale: no attempt of the write, a retry after a 429 or a
 * lost answer included, starts later (`stale` instead), because a registry that ignores `If-Match` would
 * take bytes read before another writer's entry whole, and drop that entry after its writer has verified it.
 */
export interface ReferrersIndexStore {
  read(): Promise<ReferrersIndexCopy | undefined>;
  write(
    bytes: Uint8Array,
    condition: IndexWriteCondition | undefined,
    startBy: number,
  ): Promise<WriteOutcome>;
}

type WriteOutcome = 'written' | 'conflict' | 'stale';

/** Whether a registry enforces `If-Match` on manifest PUTs (Distribution 2.8 and ggcr ignore it). */
export type ConditionalWrites = 'unknown' | 'honoured' | 'ignored';

export interface IndexUpdateEnvironment {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
  /** What is known about the registry's conditional writes; `remember` records what a probe showed. */
  readonly conditional: () => ConditionalWrites;
  readonly remember: (support: Exclude<ConditionalWrites, 'unknown'>) => void;
}

export interface IndexUpdatePolicy {
  /**
   * On a registry that ignores `If-Match`, how long at least after its last write a writer re-reads the
   * index to see that no concurrent read-modify-write dropped its entry (and writes again if one did). A
   * writer never writes from a read older than `staleMs`, so any write that could drop the entry lands
   * within `staleMs` plus that writer's read and write time; the wait grows to `staleMs` plus three times
   * the slowest request this writer has seen, when that is longer.
   */
  readonly settleMs: number;
  /** A read older than this when the write would start is read again. */
  readonly staleMs: number;
  /** Read-modify-write rounds before `REFERRERS_INDEX_CONFLICT`. */
  readonly maxRounds: number;
}

export const DEFAULT_INDEX_UPDATE_POLICY: IndexUpdatePolicy = { settleMs: 1000, staleMs: 250, maxRounds: 40 };

/** An ETag no registry serves: a 412 to it proves the registry checks `If-Match`. */
const IMPOSSIBLE_ETAG = `"sha256:${'0'.repeat(64)}"`;
/** An OCI index beyond this is refused by Distribution (and us) as a manifest. */
const MAX_INDEX_BYTES = 4 * 1024 * 1024;
const encoder = new TextEncoder();

/**
 * Adds `entry` to the referrers tag schema's fallback index: read, append (every other entry and field kept
 * exactly as it was, `artifactType` and annotations included), write. Concurrent writers never lose an
 * entry: where the registry enforces `If-Match` (learned once per registry by a probe whose condition cannot
 * hold), the write is conditional and a 412 means read again; where it does not, the writer re-reads after
 * `settleMs` and writes again until its entry has stayed. No attempt of a write starts more than `staleMs`
 * after its read (a retry after a 429's Retry-After or a lost answer reads again instead), so whatever could
 * drop an entry lands before its writer re-reads. Already listed: nothing is written.
 */
export async function addToReferrersIndex(
  store: ReferrersIndexStore,
  entry: Descriptor,
  where: string,
  environment: IndexUpdateEnvironment,
  policy: IndexUpdatePolicy = DEFAULT_INDEX_UPDATE_POLICY,
): Promise<{ readonly written: boolean }> {
  let lastWrite: number | undefined;
  // Another writer's read and write are about as slow as ours under the same load: a write of theirs that
  // could drop our entry lands within `staleMs` plus their read's and their write's time after our write.
  let slowest = 0;
  const settleMs = () => Math.max(policy.settleMs, policy.staleMs + 3 * slowest);
  for (let round = 0; round < policy.maxRounds; round++) {
    const readStarted = environment.now();
    const copy = await store.read();
    const readAt = environment.now();
    slowest = Math.max(slowest, readAt - readStarted);
    const index = EditableIndex.parse(copy?.bytes, where);
    if (index.lists(entry.digest)) {
      if (lastWrite === undefined || environment.conditional() === 'honoured')
        return { written: lastWrite !== undefined };
      // Only a read that began after the settling time shows what every earlier write left.
      const settled = lastWrite + settleMs() - readStarted;
      if (settled <= 0) return { written: true };
      await environment.sleep(settled);
      continue;
    }
    const bytes = index.withEntry(entry, where);
    const startBy = readAt + policy.staleMs;
    if (environment.now() > startBy) continue;
    const writeAt = environment.now();
    const outcome = await writeOnce(store, bytes, copy, environment, startBy);
    slowest = Math.max(slowest, environment.now() - writeAt);
    if (outcome === 'stale') {
      // An attempt may have landed before its answer was lost: verified after settling, like any write.
      lastWrite = environment.now();
      continue;
    }
    if (outcome === 'conflict') {
      await environment.sleep(Math.floor(environment.random() * 50 * (round + 1)));
      continue;
    }
    lastWrite = environment.now();
    if (environment.conditional() === 'honoured') return { written: true };
    await environment.sleep(settleMs());
  }
  throw new SigilError(
    'REFERRERS_INDEX_CONFLICT',
    `${where}: the referrers index kept changing under concurrent writers; after ${policy.maxRounds} attempts it still does not list ${entry.digest}`,
    { hint: 'Run the job again; the referrer manifest is pushed and the next run adds it to the index.' },
  );
}

async function writeOnce(
  store: ReferrersIndexStore,
  bytes: Uint8Array,
  copy: ReferrersIndexCopy | undefined,
  environment: IndexUpdateEnvironment,
  startBy: number,
): Promise<WriteOutcome> {
  if (copy === undefined) return store.write(bytes, { ifNoneMatch: '*' }, startBy);
  if (copy.etag === undefined) return store.write(bytes, undefined, startBy);
  if (environment.conditional() === 'unknown') {
    const probe = await store.write(bytes, { ifMatch: IMPOSSIBLE_ETAG }, startBy);
    if (probe === 'stale') return probe;
    if (probe === 'written') {
      environment.remember('ignored');
      return 'written';
    }
    environment.remember('honoured');
  }
  return store.write(bytes, { ifMatch: copy.etag }, startBy);
}

/** A fallback index as JSON values: unknown fields and entries are written back exactly as they came. */
class EditableIndex {
  readonly #top: Record<string, unknown>;
  readonly #entries: unknown[];
  readonly #digests: Set<string>;

  private constructor(top: Record<string, unknown>, entries: unknown[], digests: Set<string>) {
    this.#top = top;
    this.#entries = entries;
    this.#digests = digests;
  }

  static parse(bytes: Uint8Array | undefined, where: string): EditableIndex {
    if (bytes === undefined)
      return new EditableIndex({ schemaVersion: 2, mediaType: MEDIA_TYPES.ociIndex }, [], new Set());
    const descriptors = parseReferrersIndex(bytes, where);
    const parsed = parseStrictJsonBytesToPlain(bytes, 16);
    if (!parsed.ok) throw new SigilError('INTERNAL', `${where}: a parsed index no longer parses`);
    const top = parsed.value as Record<string, unknown>;
    return new EditableIndex(
      top,
      [...(top['manifests'] as unknown[])],
      new Set(descriptors.map(({ digest }) => digest)),
    );
  }

  lists(digest: string): boolean {
    return this.#digests.has(digest);
  }

  withEntry(entry: Descriptor, where: string): Uint8Array {
    if (this.#entries.length >= MAX_REFERRERS)
      throw full(where, `already lists ${this.#entries.length} referrers`);
    const added = {
      mediaType: entry.mediaType,
      digest: entry.digest,
      size: entry.size,
      ...(entry.artifactType === undefined ? {} : { artifactType: entry.artifactType }),
      ...(entry.annotations === undefined ? {} : { annotations: entry.annotations }),
    };
    const bytes = encoder.encode(
      JSON.stringify({ ...this.#top, mediaType: MEDIA_TYPES.ociIndex, manifests: [...this.#entries, added] }),
    );
    if (bytes.byteLength > MAX_INDEX_BYTES)
      throw full(where, `would be ${bytes.byteLength} bytes, over 4 MiB`);
    return bytes;
  }
}

function full(where: string, problem: string): SigilError {
  return new SigilError('REFERRER_REFUSED', `The referrers index ${where} ${problem}; nothing was added.`, {
    hint: 'Remove stale signatures and attestations of this image, or use a registry with the OCI 1.1 referrers API.',
  });
}
