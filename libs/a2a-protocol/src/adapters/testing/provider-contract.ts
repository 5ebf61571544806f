import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import { A2AGateway } from '../../gateway/a2a-gateway';
import type { AgentSpec } from '../../gateway/agent-config';
import type { SendOptions } from '../../gateway/call-plan';
import { OutboundHttp } from '../../net/outbound-http';
import { OutboundPolicy } from '../../net/outbound-policy';
import { AGENT_AUTH_SCHEMAS, type AgentAuthType } from '../../auth/auth-types';
import type { Part, SendMessageResponse, StreamEvent } from '../../types/a2a.schemas';
import { textOfParts, textPartsOnly } from '../../types/parts-text';
import { slugify } from '../../types/slug';
import type { TokenUsage } from '../provider-adapter';
import { checkProviderConfig } from '../provider-config';
import { AGENT_PROVIDER_LABELS, type AgentProvider } from '../providers';
import type { FakeRequest, FakeServer } from './fake-http';

// The contract every provider adapter keeps, checked through the gateway core and the OutboundHttp seam
// against a real loopback HTTP server that speaks the provider's wire format (test support: not part of
// the library build). Each provider's `<provider>.contract.spec.ts` calls `describeProviderContract` with
// its fixtures, then adds the cases only its provider has.

/** An agent as a catalog would register it: providerConfig and credentials are checked as registration does. */
export interface AgentFixture {
  name: string;
  url: string;
  provider: AgentProvider;
  providerConfig?: Record<string, unknown>;
  authType?: AgentAuthType;
  auth?: Record<string, unknown>;
  timeoutMs?: number;
  description?: string;
}

export function agentSpec(fixture: AgentFixture): AgentSpec {
  const config = checkProviderConfig(fixture.provider, fixture.providerConfig);
  if (!config.success) throw new Error(`bad providerConfig in a fixture: ${JSON.stringify(config.issues)}`);
  const authType = fixture.authType ?? 'none';
  const auth = fixture.auth ? AGENT_AUTH_SCHEMAS[authType].parse(fixture.auth) : undefined;
  return {
    name: fixture.name,
    slug: slugify(fixture.name),
    url: fixture.url,
    provider: fixture.provider,
    enabled: true,
    timeoutMs: fixture.timeoutMs ?? 5_000,
    description: fixture.description,
    capabilities: {},
    tags: [],
    providerConfig: config.data,
    authType,
    credentials: () => auth as never,
  };
}

/** A gateway whose outbound HTTP may reach the loopback (`ca`: more CAs to trust), retrying fast. */
export function contractGateway(options: { ca?: string[] } = {}): A2AGateway {
  return new A2AGateway({
    http: new OutboundHttp({ policy: new OutboundPolicy(true), ca: options.ca }),
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
}

/** Only the text parts, as the providers' answers are compared. */
const partsText = (parts: readonly Part[] | undefined) => textOfParts(parts, { describe: textPartsOnly });

/** The text of an answer, whether the provider answered a Message or a Task. */
export function answerText(answer: SendMessageResponse): string {
  if ('message' in answer) return partsText(answer.message.parts);
  return (answer.task.artifacts ?? []).map((a) => partsText(a.parts)).join('');
}

/** The usage recorded on an answer (message or task metadata). */
export function usageOf(answer: SendMessageResponse): TokenUsage | undefined {
  const metadata = 'message' in answer ? answer.message.metadata : answer.task.metadata;
  return metadata?.usage as TokenUsage | undefined;
}

export async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const seen: StreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

/** The text streamed as artifact chunks (or a final message), and the last task state seen. */
export function streamedText(events: StreamEvent[]): { text: string; state?: string; taskId?: string } {
  let text = '';
  let state: string | undefined;
  let taskId: string | undefined;
  for (const event of events) {
    if ('task' in event) {
      taskId = event.task.id;
      state = event.task.status.state;
      for (const a of event.task.artifacts ?? []) text += partsText(a.parts);
    }
    if ('artifactUpdate' in event) {
      const chunk = partsText(event.artifactUpdate.artifact.parts);
      text = event.artifactUpdate.append ? text + chunk : chunk;
    }
    if ('statusUpdate' in event) state = event.statusUpdate.status.state;
    if ('message' in event) text += partsText(event.message.parts);
  }
  return { text, state, taskId };
}

/** The error a call failed with (the test fails if it succeeded). */
export const failureOf = (promise: Promise<unknown>): Promise<A2AError> =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => {
      if (!A2AError.is(error)) throw error;
      return error;
    },
  );

export async function eventually(check: () => boolean, ms = 2_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return check();
}

/** The faults the generic fakes answer (fake-http's `answerFault`) and the codes they must become. */
export const FAULT_CODES: [string, A2AErrorCode][] = [
  ['fault:429', A2AErrorCode.RateLimitExceeded],
  ['fault:500', A2AErrorCode.UpstreamError],
  ['fault:503', A2AErrorCode.UpstreamError],
  ['fault:malformed', A2AErrorCode.ProtocolError],
  ['fault:shape', A2AErrorCode.ProtocolError],
];

export interface ProviderContract<F extends FakeServer = FakeServer> {
  provider: AgentProvider;
  /** A describe title beyond the provider's name (which mode, which API). */
  variant?: string;
  startFake(): Promise<F>;
  /** The agent on `fake`, with credentials the fake accepts. */
  agent(fake: F): AgentFixture;
  /** More certificate authorities for the gateway (a fake on HTTPS). */
  ca?(fake: F): string[];
  /** providerConfig as registration stores it (defaults filled in). */
  storedConfig: Record<string, unknown>;
  /** providerConfigs registration refuses, with the field the issue names. */
  badConfigs: [Record<string, unknown>, string][];
  /** Credentials the provider refuses, and every secret that must never show in an error. */
  wrongCredentials(fake: F): Pick<AgentFixture, 'authType' | 'auth'>;
  secrets: string[];
  /** The answer text to `text` on the caller's `turn`-th message of one conversation. */
  reply(text: string, turn: number): string;
  /** The requests that carried the caller's message (not card, token or poll requests). */
  messageCalls(fake: F): FakeRequest[];
  /** What a request carrying `text` must look like on the wire (`stream`: the streaming request). */
  expectRequest(request: FakeRequest, text: string, stream: boolean): void;
  /** What the first one-turn call reports; undefined when the provider reports none. */
  usage?: TokenUsage;
  /** The provider answers a Task (true) or a Message (false). */
  answersTask: boolean;
  /** The fewest artifact chunks a streamed answer arrives in. */
  streamChunks: number;
  /**
   * Keeps a conversation per contextId: `per-caller` when the gateway scopes it to the caller too;
   * `as-sent` when the contextId reaches the agent as the caller sent it (A2A agents: two callers using
   * one contextId share that context on the agent's side); `none` when the provider keeps no history.
   */
  conversations: 'per-caller' | 'as-sent' | 'none';
  /** What the agent's card says (a card made from the catalog, or the provider's own). */
  card: { name: string; streaming: boolean };
  faults: [string, A2AErrorCode][];
  /** A message the provider takes longer than any timeout on; `onTheWire`: it holds the HTTP request open. */
  slow: { text: string; onTheWire: boolean };
}

/** Registers a contract's agent on a fresh gateway per test and closes both afterwards. */
export function contractSetup<F extends FakeServer>(
  c: Pick<ProviderContract<F>, 'startFake' | 'agent' | 'ca'>,
) {
  const state = {} as { fake: F; gateway: A2AGateway; spec: AgentSpec };
  beforeAll(async () => {
    state.fake = await c.startFake();
  });
  beforeEach(() => {
    state.fake.requests.length = 0;
    state.gateway = contractGateway({ ca: c.ca?.(state.fake) });
  });
  afterEach(() => state.gateway.close());
  afterAll(() => state.fake.close());
  return {
    get fake() {
      return state.fake;
    },
    get gateway() {
      return state.gateway;
    },
    /** Register the agent (with `overrides`); answers its name. */
    register(overrides: Partial<AgentFixture> = {}): string {
      const spec = agentSpec({ ...c.agent(state.fake), ...overrides });
      state.gateway.registerAgent(spec);
      return spec.name;
    },
    stats(name: string) {
      return state.gateway.stats().agents[name];
    },
  };
}

export function describeProviderContract<F extends FakeServer>(c: ProviderContract<F>) {
  const label = AGENT_PROVIDER_LABELS[c.provider];
  describe(`provider ${c.provider}${c.variant ? ` (${c.variant})` : ''}: the adapter’s contract`, () => {
    const t = contractSetup(c);
    const as = (callerId: string, more: SendOptions = {}): SendOptions => ({ callerId, ...more });

    it('checks providerConfig as registration does, filling in the defaults', () => {
      expect(checkProviderConfig(c.provider, c.agent(t.fake).providerConfig)).toEqual({
        success: true,
        data: c.storedConfig,
      });
    });

    it.each(c.badConfigs)('refuses providerConfig %j, naming %s and the provider', (config, path) => {
      const checked = checkProviderConfig(c.provider, config);
      expect(checked.success).toBe(false);
      if (checked.success) return;
      expect(checked.issues.map((i) => i.path.join('.'))).toContain(path);
      expect(checked.issues.map((i) => i.message).join()).toContain(c.provider);
    });

    it('sends: the request is the provider’s, the answer is A2A with the usage reported and counted', async () => {
      const name = t.register();
      const answer = await t.gateway.sendMessage(name, 'hello', as('alice'));
      expect('task' in answer).toBe(c.answersTask);
      expect(answerText(answer)).toBe(c.reply('hello', 1));
      const [request] = c.messageCalls(t.fake);
      c.expectRequest(request, 'hello', false);
      if (c.usage) expect(usageOf(answer)).toEqual(c.usage);
      expect(t.stats(name)).toMatchObject({
        invocations: 1,
        failures: 0,
        ...(c.usage ? { inputTokens: c.usage.inputTokens, outputTokens: c.usage.outputTokens } : {}),
      });
    });

    if (c.conversations !== 'none') {
      it(`keeps the conversation per contextId${c.conversations === 'per-caller' ? ' and per caller' : ''}`, async () => {
        const name = t.register();
        const first = await t.gateway.sendMessage(name, 'one', as('alice'));
        const contextId = 'message' in first ? first.message.contextId : first.task.contextId;
        expect(contextId).toBeTruthy();
        const second = await t.gateway.sendMessage(name, 'two', as('alice', { contextId }));
        expect(answerText(second)).toBe(c.reply('two', 2));
        if (c.conversations === 'as-sent') return;
        // Another caller reusing the contextId starts from nothing: history is never shared across callers.
        const theirs = await t.gateway.sendMessage(name, 'three', as('bob', { contextId }));
        expect(answerText(theirs)).toBe(c.reply('three', 1));
      });
    }

    it('streams the answer as artifact chunks of a task that stays readable', async () => {
      const name = t.register();
      const events = await collect(t.gateway.sendMessageStream(name, 'stream me', as('alice')));
      const streamed = streamedText(events);
      expect(streamed.text).toBe(c.reply('stream me', 1));
      expect(streamed.state).toBe('TASK_STATE_COMPLETED');
      expect(events.filter((e) => 'artifactUpdate' in e).length).toBeGreaterThanOrEqual(c.streamChunks);
      c.expectRequest(c.messageCalls(t.fake)[0], 'stream me', true);
      const task = await t.gateway.getTask(name, streamed.taskId as string, as('alice'));
      expect(task.status.state).toBe('TASK_STATE_COMPLETED');
      if (c.usage) {
        expect(task.metadata?.usage).toMatchObject({ inputTokens: c.usage.inputTokens });
        expect(t.stats(name)).toMatchObject({ inputTokens: c.usage.inputTokens });
      }
    });

    it('has a card', async () => {
      const name = t.register({ description: 'An agent under contract' });
      const card = await t.gateway.agentCard(name);
      expect(card.name).toBe(c.card.name);
      expect(card.capabilities?.streaming ?? false).toBe(c.card.streaming);
    });

    it.each(c.faults)(
      'maps the provider answering %s to %s, naming it; counted once, still serving',
      async (text, code) => {
        const name = t.register();
        const error = await failureOf(t.gateway.sendMessage(name, text, as('alice')));
        expect(error.code).toBe(code);
        expect(error.message).toContain(label);
        if (code === A2AErrorCode.RateLimitExceeded) expect(error.details.retryAfterMs).toBe(7_000);
        // A 503 is retried (the provider cannot have acted) before the call gives up.
        if (text === 'fault:503') expect(c.messageCalls(t.fake).length).toBeGreaterThan(1);
        for (const secret of c.secrets)
          expect(JSON.stringify({ m: error.message, d: error.details })).not.toContain(secret);
        expect(t.stats(name).failures).toBe(1);
        expect(answerText(await t.gateway.sendMessage(name, 'still fine', as('alice')))).toBe(
          c.reply('still fine', 1),
        );
      },
    );

    it('fails a stream cleanly when the provider fails, and keeps serving', async () => {
      const name = t.register();
      const error = await failureOf(collect(t.gateway.sendMessageStream(name, 'fault:500', as('alice'))));
      expect(error.code).toBe(A2AErrorCode.UpstreamError);
      expect(error.message).toContain(label);
      expect(answerText(await t.gateway.sendMessage(name, 'after', as('alice')))).toBe(c.reply('after', 1));
    });

    it('reports credentials the provider refuses as an authentication error, never leaking them', async () => {
      const name = t.register(c.wrongCredentials(t.fake));
      const error = await failureOf(t.gateway.sendMessage(name, 'hi', as('alice')));
      expect(error.code).toBe(A2AErrorCode.AuthenticationError);
      const shown = JSON.stringify({ m: error.message, d: error.details });
      for (const secret of [...c.secrets, ...Object.values(c.wrongCredentials(t.fake).auth ?? {})])
        if (typeof secret === 'string' && secret.length > 6) expect(shown).not.toContain(secret);
    });

    it('stops at the agent’s timeout', async () => {
      const name = t.register({ timeoutMs: 400 });
      const started = Date.now();
      const error = await failureOf(t.gateway.sendMessage(name, c.slow.text, as('alice')));
      expect(error.code).toBe(A2AErrorCode.Timeout);
      expect(Date.now() - started).toBeLessThan(2_500);
      if (c.slow.onTheWire) expect(await eventually(() => t.fake.requests.some((r) => r.hungUp))).toBe(true);
    });

    it('stops when the caller goes away, on a call and on a stream', async () => {
      const name = t.register();
      for (const call of [
        (signal: AbortSignal) => t.gateway.sendMessage(name, c.slow.text, as('alice', { signal })),
        (signal: AbortSignal) =>
          collect(t.gateway.sendMessageStream(name, c.slow.text, as('alice', { signal }))),
      ]) {
        const caller = new AbortController();
        setTimeout(() => caller.abort(), 200);
        const started = Date.now();
        const error = await failureOf(call(caller.signal));
        expect(error.code).toBe(A2AErrorCode.Canceled);
        expect(Date.now() - started).toBeLessThan(2_500);
      }
      if (c.slow.onTheWire)
        expect(await eventually(() => t.fake.requests.filter((r) => r.hungUp).length >= 2)).toBe(true);
    });
  });
}
