import { Logger } from '@nestjs/common';
import type { RateDecision, RateLimitStore } from '@switchboard/a2a-protocol/gateway';
import { InMemoryRateLimitStore } from '@switchboard/a2a-protocol/gateway';
import type { ClusterRedis } from './cluster-redis';

/**
 * The token bucket of InMemoryRateLimitStore, kept in Redis so every replica draws from the same one.
 * Redis' own clock refills it (replicas' clocks may differ). Returns 1 when a token was taken, else the
 * milliseconds until the next one.
 */
const TAKE = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local capacity = tonumber(ARGV[1])
local rate = capacity / 60000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'at', 'capacity')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or tonumber(b[3]) ~= capacity then
  tokens = capacity
  at = now
end
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local result
if tokens >= 1 then
  tokens = tokens - 1
  result = -1
else
  result = math.ceil((1 - tokens) / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now, 'capacity', capacity)
redis.call('PEXPIRE', KEYS[1], 120000)
return result`;

type WithTake = { sbTakeToken(key: string, capacity: number): Promise<number> };

/**
 * Per-agent limits shared by all replicas. While Redis is away each replica falls back to its own bucket
 * (so a limit holds per replica, not across them, until Redis returns): calls keep flowing either way.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly logger = new Logger('Cluster');
  private readonly local = new InMemoryRateLimitStore();
  private fallingBack = false;

  constructor(private readonly redis: ClusterRedis) {
    redis.commands?.defineCommand('sbTakeToken', { numberOfKeys: 1, lua: TAKE });
  }

  take(key: string, perMinute: number, now: number): RateDecision | Promise<RateDecision> {
    const commands = this.redis.commands as unknown as WithTake | null;
    if (!commands || !this.redis.available) return this.fallBack(key, perMinute, now);
    return commands.sbTakeToken(this.redis.key('rate', key), perMinute).then(
      (wait): RateDecision => {
        if (this.fallingBack) this.logger.log('Rate limits are shared through Redis again');
        this.fallingBack = false;
        return wait < 0 ? { allowed: true } : { allowed: false, retryAfterMs: wait };
      },
      (error: unknown) => {
        this.redis.failed(error);
        return this.fallBack(key, perMinute, now);
      },
    );
  }

  private fallBack(key: string, perMinute: number, now: number): RateDecision {
    if (!this.fallingBack)
      this.logger.warn('Redis is unreachable: rate limits hold per replica until it returns');
    this.fallingBack = true;
    return this.local.take(key, perMinute, now);
  }
}
