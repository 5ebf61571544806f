// The Redis that `--replicas N` shares between the gateway replicas: checked before anything starts, its CPU
// time read around each measurement, and the run's keys removed at the end. Every run uses a key prefix of
// its own, so runs (and test suites) sharing one Redis never see each other's counters or messages.
import Redis from 'ioredis';

/** Host and port only: a Redis URL may carry a password. */
export const redisWhere = (url) => {
  const { host } = new URL(url);
  return host || url;
};

export async function openRedis(url) {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: () => null, // the benchmark's own connection: fail, do not retry in the background
  });
  redis.on('error', () => {}); // surfaces as a rejected command
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw Object.assign(
      new Error(
        `--replicas needs Redis: ${redisWhere(url)} is not reachable (${error.message}). Set REDIS_URL.`,
      ),
      { setup: true },
    );
  }
  return {
    /** CPU time (user + system, ms) the Redis server has used so far — the whole server, every client. */
    async cpuMs() {
      const info = await redis.info('cpu');
      const seconds = (key) => Number(new RegExp(`^${key}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
      const total = (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1000;
      return Number.isFinite(total) ? total : null;
    },
    /** Delete every key under `prefix` (SCAN + UNLINK); resolves to how many there were. */
    async dropKeys(prefix) {
      let cursor = '0';
      let dropped = 0;
      do {
        const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = nextCursor;
        if (keys.length) dropped += await redis.unlink(...keys);
      } while (cursor !== '0');
      return dropped;
    },
    close: () => redis.quit().catch(() => redis.disconnect()),
  };
}
