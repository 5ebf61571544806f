import { Logger } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import type { ClusterRedis } from './cluster-redis';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * The throttler's fixed window with blocking, in Redis: counts hits in the window; past the limit the client
 * is blocked for `block` ms and its window starts again afterwards (as @nestjs/throttler's in-memory store).
 * Returns {hits, ms left in the window, blocked 0/1, ms left in the block}.
 */
const INCREMENT = `
local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  return {tonumber(ARGV[2]) + 1, blockLeft, 1, blockLeft}
end
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local windowLeft = redis.call('PTTL', KEYS[1])
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  redis.call('DEL', KEYS[1])
  return {hits, windowLeft, 1, tonumber(ARGV[3])}
end
return {hits, windowLeft, 0, 0}`;

type WithIncrement = {
  sbThrottle(hitsKey: string, blockKey: string, ttl: number, limit: number, block: number): Promise<number[]>;
};

/**
 * The login limit (and any other throttled route) shared by all replicas, so N replicas do not give a
 * client N times the attempts. While Redis is away each replica counts on its own, as without Redis.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('Cluster');
  private readonly local = new ThrottlerStorageService();
  private fallingBack = false;

  constructor(private readonly redis: ClusterRedis) {
    redis.commands?.defineCommand('sbThrottle', { numberOfKeys: 2, lua: INCREMENT });
  }

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const commands = this.redis.commands as unknown as WithIncrement | null;
    if (!commands || !this.redis.available)
      return this.fallBack(key, ttl, limit, blockDuration, throttlerName);
    try {
      const base = this.redis.key('throttle', throttlerName, key);
      const [hits, windowLeft, blocked, blockLeft] = await commands.sbThrottle(
        base,
        `${base}:blocked`,
        ttl,
        limit,
        blockDuration,
      );
      if (this.fallingBack) this.logger.log('Login limits are shared through Redis again');
      this.fallingBack = false;
      return {
        totalHits: hits,
        timeToExpire: Math.ceil(windowLeft / 1000),
        isBlocked: blocked === 1,
        timeToBlockExpire: Math.ceil(blockLeft / 1000),
      };
    } catch (error) {
      this.redis.failed(error);
      return this.fallBack(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  private fallBack(...args: Parameters<ThrottlerStorage['increment']>): Promise<ThrottlerStorageRecord> {
    if (this.redis.enabled && !this.fallingBack)
      this.logger.warn('Redis is unreachable: login limits hold per replica until it returns');
    this.fallingBack = this.redis.enabled;
    return this.local.increment(...args);
  }
}
