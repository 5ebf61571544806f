import type { HttpApi } from '../harness';

/** One call as its client saw it. `status` 0: no HTTP answer (`transport` says why). */
export interface CallResult {
  /** The agent the call was for (rows are counted per agent). */
  agent: string;
  /** `invoke`: a call through the gateway (metered); `read`: `GET /a2a/:agent`, a catalog read (not metered). */
  kind: 'invoke' | 'read';
  /** Which process it was sent to (a replica's name). */
  target: string;
  sentAt: number;
  endedAt: number;
  status: number;
  /** The error body's `code`, when the answer was an error. */
  code?: string;
  requestId?: string;
  taskId?: string;
  /** Why there was no answer: the socket error's code (ECONNREFUSED, ECONNRESET…) or the error's name. */
  transport?: string;
}

/** One call to make through `api` (the process called `target`): an invoke of `agent`, or a read of it. */
export interface CallPlan {
  api: HttpApi;
  target: string;
  agent: string;
  message?: string;
  read?: boolean;
}

/** How long a client waits for an answer before it gives up (never reached in a passing run). */
const CALL_TIMEOUT_MS = 30_000;

/**
 * `POST /a2a/:agent/invoke` (or `GET /a2a/:agent` for a read) with the admin's token, recorded as its client
 * saw it; never throws.
 */
export async function callOnce(plan: CallPlan): Promise<CallResult> {
  const sentAt = Date.now();
  const base = {
    agent: plan.agent,
    kind: plan.read ? ('read' as const) : ('invoke' as const),
    target: plan.target,
    sentAt,
  };
  const authorization = `Bearer ${plan.api.adminToken}`;
  try {
    const res = plan.read
      ? await fetch(`${plan.api.baseUrl}/a2a/${plan.agent}`, {
          headers: { authorization },
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        })
      : await fetch(`${plan.api.baseUrl}/a2a/${plan.agent}/invoke`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ message: plan.message ?? 'ping' }),
          signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
        });
    const text = await res.text();
    let body: { code?: string; task?: { id?: string } } = {};
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      // not JSON: kept as a status without a code
    }
    return {
      ...base,
      endedAt: Date.now(),
      status: res.status,
      code: res.status >= 400 ? body.code : undefined,
      requestId: res.headers.get('x-request-id') ?? undefined,
      taskId: body.task?.id,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { ...base, endedAt: Date.now(), status: 0, transport: cause?.code ?? (error as Error).name };
  }
}

/**
 * A fixed-rate open-loop load: `ratePerSecond` calls are started each second whether or not earlier ones have
 * answered (a slow gateway gets more calls in flight, as it would from real clients), up to `maxInFlight`;
 * a call that would pass that cap is not sent and is counted in `skipped`. Loopback only: the plans point at
 * the test's own processes.
 */
export class LoadGenerator {
  readonly results: CallResult[] = [];
  skipped = 0;
  private sent = 0;
  private inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private startedAt = 0;

  constructor(
    private readonly options: {
      ratePerSecond: number;
      /** The `seq`-th call (from 0). */
      next: (seq: number) => CallPlan;
      maxInFlight?: number;
    },
  ) {}

  start(): this {
    this.startedAt = Date.now();
    // A short tick that sends what is due: the rate holds even when the event loop is late.
    this.timer = setInterval(() => this.tick(), 10);
    return this;
  }

  /** Calls sent so far (skipped ones excluded). */
  get count(): number {
    return this.sent;
  }

  /** Stops sending and resolves with every call's result once the last one has answered. */
  async stop(): Promise<CallResult[]> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    return this.results;
  }

  private tick(): void {
    const due = Math.floor(((Date.now() - this.startedAt) * this.options.ratePerSecond) / 1000);
    const max = this.options.maxInFlight ?? 500;
    while (this.sent + this.skipped < due) {
      if (this.inFlight.size >= max) {
        this.skipped++;
        continue;
      }
      const plan = this.options.next(this.sent);
      this.sent++;
      const call = callOnce(plan).then((result) => {
        this.results.push(result);
        this.inFlight.delete(call);
      });
      this.inFlight.add(call);
    }
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls every 100 ms until `check` holds; resolves with how long it took, rejects after `withinMs`. */
export async function within(withinMs: number, check: () => Promise<boolean>, what: string): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
    await sleep(100);
  }
  return Date.now() - start;
}
