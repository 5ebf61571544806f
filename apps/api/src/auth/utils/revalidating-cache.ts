import { LRUCache } from 'lru-cache';

/** How a RevalidatingCache reads, trusts and forgets. */
export interface RevalidatingCachePlan<V> {
  /** Served without a read for this long after it was verified. */
  freshMs: number;
  /** Then served while it is re-verified in the background, for at most this much longer if that fails. */
  staleMs: number;
  max: number;
  /** The value from the source of truth (the database); rejects when it refuses it. */
  load(key: string): Promise<V>;
  /** A rejection that is the source's answer (the credential is refused): the entry goes. Others keep it. */
  isVerdict(error: unknown): boolean;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  verifiedAt: number;
}

/**
 * Stale-while-revalidate for verified credentials. A fresh entry is served as is; a stale one is served at once
 * while one background read per key re-verifies it (single-flight: concurrent callers share it); a read that
 * fails for want of the database keeps serving the entry until `freshMs + staleMs` after it was last verified,
 * a read that refuses it drops it. A miss waits for the (shared) read.
 */
export class RevalidatingCache<V> {
  private readonly entries: LRUCache<string, Entry<V>>;
  private readonly reads = new Map<string, Promise<V>>();
  private readonly now: () => number;

  constructor(private readonly plan: RevalidatingCachePlan<V>) {
    this.entries = new LRUCache({ max: plan.max });
    this.now = plan.now ?? Date.now;
  }

  /** The value: at once from memory when it may still be trusted, else after the read. */
  get(key: string): V | Promise<V> {
    const entry = this.entries.get(key);
    if (entry) {
      const age = this.now() - entry.verifiedAt;
      if (age < this.plan.freshMs) return entry.value;
      if (age < this.plan.freshMs + this.plan.staleMs) {
        this.read(key).catch(() => undefined); // the outcome lands in the cache; nobody waits on it here
        return entry.value;
      }
      this.entries.delete(key);
    }
    return this.read(key);
  }

  /** Forget a key now (revoked): a read in flight for it no longer lands. */
  delete(key: string): void {
    this.entries.delete(key);
    this.reads.delete(key);
  }

  /** Forget everything (credentials changed where this process cannot tell which): each key is read again. */
  clear(): void {
    this.entries.clear();
    this.reads.clear();
  }

  /** Forget every entry whose value matches. */
  deleteWhere(matches: (value: V) => boolean): void {
    const gone = [...this.entries.entries()].filter(([, entry]) => matches(entry.value));
    for (const [key] of gone) this.delete(key);
  }

  private read(key: string): Promise<V> {
    const inFlight = this.reads.get(key);
    if (inFlight) return inFlight;
    const read: Promise<V> = this.plan.load(key).then(
      (value) => {
        if (this.reads.get(key) === read) this.entries.set(key, { value, verifiedAt: this.now() });
        return value;
      },
      (error: unknown) => {
        if (this.plan.isVerdict(error)) this.entries.delete(key);
        throw error;
      },
    );
    this.reads.set(key, read);
    const settled = () => {
      if (this.reads.get(key) === read) this.reads.delete(key);
    };
    read.then(settled, settled);
    return read;
  }
}
