/** The gateway's AgentRegistry: the catalog mirrored in memory (no database read per call). */
export const AGENT_REGISTRY = Symbol('AgentRegistry');

/** The rate-limit buckets (a RateLimitStore): in Redis with REDIS_URL, shared by the replicas; else in memory. */
export const RATE_LIMIT_STORE = Symbol('RateLimitStore');
