import { appendFile, mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { MetricsBatch } from './metrics-batch-writer';

/** A batch kept on disk: its id and rows as they were, and the row format they are written in. */
export interface SpilledBatch extends MetricsBatch {
  format: string;
}

/** Batches taken from the spill file to be replayed; `release` forgets them once they are written. */
export interface ClaimedSpill {
  batches: SpilledBatch[];
  /** Lines that were not a batch (a line cut short by a crash while it was written): skipped. */
  unreadable: number;
  release(): Promise<void>;
}

/**
 * Metric batches the database did not take before shutdown, kept in a local file (one JSON batch a line) to
 * be written at the next start. A batch keeps the id it was given when it was taken from the buffer, and the
 * writer stores an id once: a batch that did commit before its answer was lost, and was spilled anyway, adds
 * nothing when it is replayed, and neither does a file replayed twice.
 *
 * Replay claims the file by renaming it (an atomic step: two processes sharing the path never replay the same
 * file), together with what an earlier replay claimed and did not finish (it crashed), and deletes the claimed
 * files only once their batches are written.
 */
export class MetricsSpillFile {
  constructor(readonly path: string) {}

  /** Appends the batches (one write). */
  async append(batches: SpilledBatch[]): Promise<void> {
    if (batches.length === 0) return;
    await mkdir(dirname(this.path), { recursive: true });
    await appendFile(this.path, batches.map((b) => JSON.stringify(b) + '\n').join(''), { mode: 0o600 });
  }

  /** The batches waiting to be replayed (none when there is no file). */
  async claim(): Promise<ClaimedSpill> {
    const dir = dirname(this.path);
    const claimedPrefix = `${basename(this.path)}.replaying-`;
    const claimed = `${this.path}.replaying-${process.pid}-${Date.now()}`;
    try {
      await rename(this.path, claimed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    let names: string[] = [];
    try {
      names = (await readdir(dir)).filter((name) => name.startsWith(claimedPrefix));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const files = names.map((name) => join(dir, name));
    const batches: SpilledBatch[] = [];
    let unreadable = 0;
    for (const file of files) {
      for (const line of (await readFile(file, 'utf8')).split('\n')) {
        if (!line) continue;
        const batch = parseBatch(line);
        if (batch) batches.push(batch);
        else unreadable++;
      }
    }
    return {
      batches,
      unreadable,
      release: async () => {
        await Promise.all(files.map((file) => unlink(file).catch(() => undefined)));
      },
    };
  }
}

function parseBatch(line: string): SpilledBatch | null {
  try {
    const value = JSON.parse(line) as Partial<SpilledBatch>;
    const ok =
      typeof value.id === 'string' &&
      typeof value.format === 'string' &&
      Array.isArray(value.rows) &&
      value.rows.every((row) => typeof row === 'string');
    return ok ? { id: value.id!, format: value.format!, rows: value.rows! } : null;
  } catch {
    return null;
  }
}
