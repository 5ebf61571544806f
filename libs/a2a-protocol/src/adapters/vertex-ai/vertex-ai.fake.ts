import { generateKeyPairSync, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  answerFault,
  faultIn,
  sendJson,
  startFake,
  type FakeRequest,
  type FakeServer,
} from '../testing/fake-http';

// A fake Vertex AI Agent Engine (aiplatform.googleapis.com) with its Google OAuth2 token endpoint, after:
// - OAuth2 for service accounts (https://developers.google.com/identity/protocols/oauth2/service-account):
//   POST {token_uri} `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>`; the JWT is
//   RS256-signed by one of the account's keys, `iss` = client_email, `aud` =
//   https://oauth2.googleapis.com/token, `scope`, `iat`/`exp` at most an hour apart. Answers
//   `{access_token, expires_in, token_type}` or 400 `{error, error_description}`. Signatures are
//   verified here with node:crypto against the public keys the test registered.
// - Execution API v1 / v1beta1 (reference/rest/v1/projects.locations.reasoningEngines): `:query`
//   `{class_method|classMethod, input}` → `{output}`; `:streamQuery` → the method's chunks as JSON
//   lines, `data: `-framed with `?alt=sse`. Templates: AdkApp (create_session, list_sessions,
//   stream_query yielding ADK events with usage_metadata), LangchainAgent (query → {input, output};
//   stream_query → actions/steps/output chunks) and a custom class (ask → string, stream_ask → strings).
// - A2A on Agent Engine, v1beta1 only (reference/rest/v1beta1/projects.locations.reasoningEngines.a2a.v1.*):
//   `a2a/v1/card`, `a2a/v1/message:send`, `a2a/v1/message:stream` (SSE), `a2a/v1/tasks/{id}`,
//   `…:cancel`, `…:subscribe`, in A2A v0.3 HTTP+JSON proto JSON (Message.content, ROLE_USER,
//   `{task}|{message}`, StreamResponse `{task|statusUpdate|artifactUpdate}`), usage in
//   `metadata.adk_usage_metadata` as ADK's A2A executor writes it.
// - Google errors `{error: {code, message, status}}`; every API call needs `Authorization: Bearer` with
//   an unexpired token this fake issued.

export const GOOGLE_TOKEN_AUD = 'https://oauth2.googleapis.com/token';
export const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export type EngineKind = 'a2a' | 'adk' | 'langchain' | 'custom';

/** A service account key pair and its key file, as the console downloads it. */
export function serviceAccountKey(email: string, tokenUri: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyFile = {
    type: 'service_account',
    project_id: 'fake-project',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: email,
    client_id: '1234567890',
    token_uri: tokenUri,
  };
  return { publicKey, credentialsJson: JSON.stringify(keyFile) };
}

export interface VertexFakeOptions {
  projectId: string;
  location: string;
  engines: Record<string, EngineKind>;
}

export interface VertexFake extends FakeServer {
  /** Trust this public key for the account (a service account may have several keys). */
  trust(email: string, key: KeyObject): void;
  /** Access tokens issued, oldest first, with the account and key that asked for them. */
  issued: { token: string; email: string; key: KeyObject; expiresAt: number }[];
  /** Lifetime of the next tokens. */
  tokenTtlSeconds: number;
  /** Revoke every token issued so far (the next API call with one gets a 401). */
  revokeAll(): void;
  /** How :streamQuery frames its chunks when asked for `alt=sse`: SSE, or bare JSON lines. */
  sseFraming: 'sse' | 'ndjson';
  /** Forget every A2A task (as after the engine's task store expired them). */
  dropTasks(): void;
  /** ADK sessions by id. */
  sessions: Map<string, { userId: string; state: Record<string, unknown>; turns: number }>;
}

const STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export const googleError = (code: number, message: string, status = STATUS[code] ?? 'UNKNOWN') => ({
  error: { code, message, status },
});

const b64json = (segment: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
};

interface A2ATask {
  id: string;
  contextId: string;
  status: { state: string; message?: unknown; timestamp: string };
  artifacts?: unknown[];
  history: unknown[];
  metadata?: Record<string, unknown>;
}

const PROTO_PART_KEYS = ['text', 'file', 'data', 'metadata'];

/** The text of a v0.3 proto-JSON message, or why Agent Engine's parser would refuse it. */
function protoMessageText(message: unknown): string | { invalid: string } {
  const m = message as {
    messageId?: unknown;
    role?: unknown;
    content?: unknown;
    parts?: unknown;
    kind?: unknown;
  };
  if (!m || typeof m !== 'object') return { invalid: 'message is required' };
  if ('parts' in m || 'kind' in m) return { invalid: 'unknown field "parts"/"kind" in Message' };
  if (typeof m.messageId !== 'string' || !m.messageId) return { invalid: 'message.messageId is required' };
  if (m.role !== 'ROLE_USER') return { invalid: `message.role must be ROLE_USER, got ${String(m.role)}` };
  if (!Array.isArray(m.content) || m.content.length === 0) return { invalid: 'message.content is required' };
  const texts: string[] = [];
  for (const part of m.content as Record<string, unknown>[]) {
    if (!part || Object.keys(part).some((k) => !PROTO_PART_KEYS.includes(k)))
      return { invalid: 'unknown field in Part' };
    if (typeof part.text === 'string') texts.push(part.text);
  }
  return texts.join('\n');
}

export async function startVertexFake(options: VertexFakeOptions): Promise<VertexFake> {
  const trusted = new Map<string, KeyObject[]>();
  const tokens = new Map<string, { expiresAt: number; revoked: boolean }>();
  const a2aTasks = new Map<string, A2ATask>();
  const contextTurns = new Map<string, number>();
  const fake = {} as VertexFake;
  fake.issued = [];
  fake.tokenTtlSeconds = 3600;
  fake.sseFraming = 'sse';
  fake.sessions = new Map();
  fake.trust = (email, key) => trusted.set(email, [...(trusted.get(email) ?? []), key]);
  fake.revokeAll = () => tokens.forEach((t) => (t.revoked = true));
  fake.dropTasks = () => a2aTasks.clear();

  const oauthError = (res: ServerResponse, error: string, description: string) =>
    sendJson(res, 400, { error, error_description: description });

  /** The JWT-bearer grant, checked as Google documents it. */
  const token = (req: FakeRequest, res: ServerResponse) => {
    const form = new URLSearchParams(req.raw.toString('utf8'));
    if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
      return oauthError(res, 'invalid_request', 'Expected a form body');
    if (form.get('grant_type') !== JWT_BEARER)
      return oauthError(res, 'unsupported_grant_type', `Invalid grant_type: ${form.get('grant_type')}`);
    const segments = (form.get('assertion') ?? '').split('.');
    const header = b64json(segments[0] ?? '');
    const claims = b64json(segments[1] ?? '');
    if (segments.length !== 3 || !header || !claims) return oauthError(res, 'invalid_grant', 'Invalid JWT.');
    if (header.alg !== 'RS256') return oauthError(res, 'invalid_grant', 'Invalid JWT: alg must be RS256.');
    const keys = trusted.get(String(claims.iss)) ?? [];
    if (!keys.length) return oauthError(res, 'invalid_grant', 'Invalid grant: account not found');
    const signed = Buffer.from(`${segments[0]}.${segments[1]}`);
    const signature = Buffer.from(segments[2], 'base64url');
    const key = keys.find((k) => verify('RSA-SHA256', signed, k, signature));
    if (!key) return oauthError(res, 'invalid_grant', 'Invalid JWT Signature.');
    if (claims.aud !== GOOGLE_TOKEN_AUD)
      return oauthError(res, 'invalid_grant', 'Invalid JWT: Failed audience check.');
    const now = Math.floor(Date.now() / 1000);
    const iat = Number(claims.iat);
    const exp = Number(claims.exp);
    if (!(iat <= now + 60 && exp > now && exp - iat <= 3600))
      return oauthError(
        res,
        'invalid_grant',
        'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.',
      );
    const scopes = String(claims.scope ?? '').split(' ');
    if (!scopes.includes(CLOUD_PLATFORM))
      return oauthError(res, 'invalid_scope', 'Vertex AI needs the cloud-platform scope.');
    const accessToken = `ya29.${randomBytes(24).toString('base64url')}`;
    const expiresAt = Date.now() + fake.tokenTtlSeconds * 1000;
    tokens.set(accessToken, { expiresAt, revoked: false });
    fake.issued.push({ token: accessToken, email: String(claims.iss), key, expiresAt });
    sendJson(res, 200, { access_token: accessToken, expires_in: fake.tokenTtlSeconds, token_type: 'Bearer' });
  };

  const authorized = (req: FakeRequest) => {
    const bearer = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const entry = bearer ? tokens.get(bearer) : undefined;
    return !!entry && !entry.revoked && entry.expiresAt > Date.now();
  };

  // ---- A2A (v0.3 HTTP+JSON proto JSON) ----

  const now = () => new Date().toISOString();
  const usageMetadata = (answer: string) => {
    const usage = {
      promptTokenCount: 12,
      candidatesTokenCount: answer.split(' ').length,
      totalTokenCount: 0,
    };
    usage.totalTokenCount = usage.promptTokenCount + usage.candidatesTokenCount;
    return usage;
  };
  const agentMessage = (text: string, contextId: string, taskId: string) => ({
    messageId: randomUUID(),
    contextId,
    taskId,
    role: 'ROLE_AGENT',
    content: [{ text }],
  });

  /** The agent: echoes with the turn number of its context; "ask:" waits for more input. */
  const runA2A = (message: Record<string, unknown>, text: string): A2ATask | { error: [number, string] } => {
    const contextId =
      typeof message.contextId === 'string' && message.contextId ? message.contextId : randomUUID();
    const turn = (contextTurns.get(contextId) ?? 0) + 1;
    contextTurns.set(contextId, turn);
    const previous =
      typeof message.taskId === 'string' && message.taskId ? a2aTasks.get(message.taskId) : undefined;
    if (message.taskId && !previous) return { error: [404, `Task ${String(message.taskId)} not found`] };
    const task: A2ATask = previous ?? {
      id: randomUUID(),
      contextId,
      status: { state: '', timestamp: now() },
      history: [],
    };
    task.history.push({ ...message, contextId, taskId: task.id });
    if (text.startsWith('ask:')) {
      const question = agentMessage('Which city?', contextId, task.id);
      task.status = { state: 'TASK_STATE_INPUT_REQUIRED', message: question, timestamp: now() };
      task.history.push(question);
    } else {
      const answer = `echo: ${text} (context turn ${turn}${previous ? ', same task' : ''})`;
      task.status = { state: 'TASK_STATE_COMPLETED', timestamp: now() };
      task.artifacts = [{ artifactId: randomUUID(), name: 'response', parts: [{ text: answer }] }];
      task.history.push(agentMessage(answer, contextId, task.id));
      task.metadata = { adk_app_name: 'fake_agent', adk_usage_metadata: usageMetadata(answer) };
    }
    a2aTasks.set(task.id, task);
    return task;
  };

  const a2a = (req: FakeRequest, res: ServerResponse, engineBase: string, rest: string) => {
    if (req.method === 'GET' && rest === '/a2a/v1/card') {
      return sendJson(res, 200, {
        protocolVersion: '0.3.0',
        name: 'fake_agent',
        description: 'An ADK agent deployed with the A2A template',
        url: `${engineBase}/a2a`,
        preferredTransport: 'HTTP+JSON',
        version: '1.0.0',
        capabilities: { streaming: true },
        defaultInputModes: ['text/plain'],
        defaultOutputModes: ['text/plain'],
        skills: [{ id: 'echo', name: 'Echo', description: 'Says it back', tags: ['test'] }],
      });
    }
    const taskRoute = /^\/a2a\/v1\/tasks\/([^/:]+)(:cancel|:subscribe)?$/.exec(rest);
    if (taskRoute) {
      const task = a2aTasks.get(decodeURIComponent(taskRoute[1]));
      if (!task) return sendJson(res, 404, googleError(404, `Task ${taskRoute[1]} not found`));
      if (req.method === 'GET' && !taskRoute[2]) return sendJson(res, 200, task);
      if (req.method === 'POST' && taskRoute[2] === ':cancel') {
        if (['TASK_STATE_COMPLETED', 'TASK_STATE_CANCELLED', 'TASK_STATE_FAILED'].includes(task.status.state))
          return sendJson(
            res,
            409,
            googleError(409, `Task ${task.id} is ${task.status.state}: not cancelable`),
          );
        // v0.3's proto spells it CANCELLED (v1.0: CANCELED).
        task.status = { state: 'TASK_STATE_CANCELLED', timestamp: now() };
        return sendJson(res, 200, task);
      }
      if (req.method === 'GET' && taskRoute[2] === ':subscribe') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return void res.end(`data: ${JSON.stringify({ task })}\n\n`);
      }
    }
    const send = rest === '/a2a/v1/message:send';
    const stream = rest === '/a2a/v1/message:stream';
    if (req.method !== 'POST' || (!send && !stream))
      return sendJson(res, 404, googleError(404, `Unknown A2A route ${req.method} ${rest}`));
    const body = req.body as { message?: Record<string, unknown>; configuration?: { blocking?: unknown } };
    const text = protoMessageText(body?.message);
    // Agent Engine's proto parser answers a message it cannot read this way.
    if (typeof text !== 'string')
      return sendJson(res, 400, googleError(400, text.invalid, 'FAILED_PRECONDITION'));
    const fault = faultIn(text);
    if (fault) return answerFault(res, fault, (status, message) => googleError(status, message));
    const result = runA2A(body.message as Record<string, unknown>, text);
    if ('error' in result) return sendJson(res, result.error[0], googleError(...result.error));
    if (send) {
      // Without `blocking`, Agent Engine answers before the agent ran.
      if (body.configuration?.blocking !== true)
        return sendJson(res, 200, {
          task: { ...result, status: { state: 'TASK_STATE_SUBMITTED' }, artifacts: [] },
        });
      return sendJson(res, 200, { task: result });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const event = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    const ids = { taskId: result.id, contextId: result.contextId };
    event({
      task: { id: result.id, contextId: result.contextId, status: { state: 'TASK_STATE_SUBMITTED' } },
    });
    event({ statusUpdate: { ...ids, status: { state: 'TASK_STATE_WORKING' }, final: false } });
    const answer = (result.artifacts?.[0] as { parts: { text: string }[] } | undefined)?.parts[0].text;
    const words = answer ? answer.split(/(?<= )/) : [];
    const artifactId = randomUUID();
    words.forEach((word, i) =>
      event({
        artifactUpdate: {
          ...ids,
          artifact: { artifactId, parts: [{ text: word }] },
          append: i > 0,
          lastChunk: i === words.length - 1,
        },
      }),
    );
    event({
      statusUpdate: {
        ...ids,
        status: result.status,
        final: true,
        ...(result.metadata ? { metadata: result.metadata } : {}),
      },
    });
    res.end();
  };

  // ---- :query / :streamQuery ----

  /** Chunks of a :streamQuery answer, framed as asked. */
  const streamChunks = (req: FakeRequest, res: ServerResponse, chunks: unknown[]) => {
    const sse = req.query.get('alt') === 'sse' && fake.sseFraming === 'sse';
    res.writeHead(200, { 'content-type': sse ? 'text/event-stream' : 'application/json' });
    for (const chunk of chunks)
      res.write(sse ? `data: ${JSON.stringify(chunk)}\n\n` : `${JSON.stringify(chunk)}\n`);
    res.end();
  };

  const adkEvent = (content: unknown, extra: Record<string, unknown> = {}) => ({
    content,
    author: 'fake_agent',
    invocation_id: 'e-1',
    id: randomUUID(),
    timestamp: Date.now() / 1000,
    actions: { state_delta: {}, artifact_delta: {}, requested_auth_configs: {} },
    ...extra,
  });

  const session = (output: { id: string; userId: string; state: Record<string, unknown> }) => ({
    id: output.id,
    app_name: 'fake_agent',
    user_id: output.userId,
    state: output.state,
    events: [],
    last_update_time: Date.now() / 1000,
  });

  const query = (req: FakeRequest, res: ServerResponse, kind: EngineKind, streaming: boolean) => {
    if (kind === 'a2a')
      return sendJson(
        res,
        400,
        googleError(400, 'This engine is an A2A agent: use a2a/v1/…', 'FAILED_PRECONDITION'),
      );
    const body = req.body as {
      class_method?: unknown;
      classMethod?: unknown;
      input?: Record<string, unknown>;
    };
    const method = String(body?.class_method ?? body?.classMethod ?? (streaming ? 'stream_query' : 'query'));
    const input = body?.input ?? {};
    const notFound = () =>
      sendJson(
        res,
        400,
        googleError(
          400,
          `Reasoning Engine Execution failed. Invocation method not found: ${method}`,
          'FAILED_PRECONDITION',
        ),
      );
    if (kind === 'adk') {
      const userId = input.user_id;
      if (typeof userId !== 'string' || !userId)
        return sendJson(res, 400, googleError(400, 'user_id is required'));
      if (!streaming && method === 'create_session') {
        const id = String(1e18 + fake.sessions.size);
        const state = (input.state ?? {}) as Record<string, unknown>;
        fake.sessions.set(id, { userId, state, turns: 0 });
        return sendJson(res, 200, { output: session({ id, userId, state }) });
      }
      if (!streaming && method === 'list_sessions') {
        const sessions = [...fake.sessions].filter(([, s]) => s.userId === userId);
        return sendJson(res, 200, { output: { sessions: sessions.map(([id, s]) => session({ id, ...s })) } });
      }
      if (!streaming || !['stream_query', 'async_stream_query'].includes(method)) return notFound();
      const message = input.message;
      if (typeof message !== 'string')
        return sendJson(res, 400, googleError(400, 'message must be a string'));
      const fault = faultIn(message);
      if (fault) return answerFault(res, fault, (status, m) => googleError(status, m));
      let sessionId = input.session_id as string | undefined;
      if (sessionId === undefined) {
        sessionId = String(1e18 + fake.sessions.size);
        fake.sessions.set(sessionId, { userId, state: {}, turns: 0 });
      }
      const current = fake.sessions.get(sessionId);
      if (!current || current.userId !== userId)
        return sendJson(res, 404, googleError(404, `Session not found: ${sessionId}`));
      current.turns += 1;
      const answer = `echo: ${message} (session turn ${current.turns})`;
      const words = answer.split(/(?<= )/);
      return streamChunks(req, res, [
        adkEvent(
          {
            role: 'model',
            parts: [
              { text: 'I should look this up.', thought: true },
              { function_call: { id: 'c1', name: 'lookup', args: { q: message } } },
            ],
          },
          {
            usage_metadata: { prompt_token_count: 10, candidates_token_count: 3, total_token_count: 13 },
            model_version: 'gemini-2.5-flash',
          },
        ),
        adkEvent({
          role: 'user',
          parts: [{ function_response: { id: 'c1', name: 'lookup', response: { result: 'ok' } } }],
        }),
        ...words.map((word) => adkEvent({ role: 'model', parts: [{ text: word }] }, { partial: true })),
        adkEvent(
          { role: 'model', parts: [{ text: answer }] },
          {
            usage_metadata: {
              prompt_token_count: 20,
              candidates_token_count: words.length,
              total_token_count: 20 + words.length,
            },
            model_version: 'gemini-2.5-flash',
          },
        ),
      ]);
    }
    // LangchainAgent registers query / stream_query; the custom class here names its own: ask / stream_ask.
    const [queryMethod, streamMethod] =
      kind === 'langchain' ? ['query', 'stream_query'] : ['ask', 'stream_ask'];
    if (method !== (streaming ? streamMethod : queryMethod)) return notFound();
    const text = input.input;
    if (typeof text !== 'string') return sendJson(res, 400, googleError(400, 'input must be a string'));
    const fault = faultIn(text);
    if (fault) return answerFault(res, fault, (status, m) => googleError(status, m));
    if (kind === 'langchain') {
      const answer = `echo: ${text}`;
      if (!streaming) return sendJson(res, 200, { output: { input: text, output: answer } });
      return streamChunks(req, res, [
        { actions: [{ tool: 'lookup', tool_input: text, log: '' }], messages: [] },
        { steps: [{ action: { tool: 'lookup' }, observation: 'ok' }], messages: [] },
        { output: answer, messages: [] },
      ]);
    }
    const history = Array.isArray(input.history) ? input.history : [];
    const answer = `echo: ${text} (history turns: ${history.length})`;
    if (!streaming) return sendJson(res, 200, { output: answer });
    return streamChunks(req, res, answer.split(/(?<= )/));
  };

  const engineRoute =
    /^\/(v1|v1beta1)\/projects\/([^/]+)\/locations\/([^/]+)\/reasoningEngines\/([^/:]+)(.*)$/;
  const server = await startFake((req, res) => {
    if (req.method === 'POST' && req.path === '/token') return token(req, res);
    if (!authorized(req))
      return sendJson(
        res,
        401,
        googleError(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.'),
      );
    const route = engineRoute.exec(req.path);
    const kind = route ? options.engines[decodeURIComponent(route[4])] : undefined;
    if (!route || route[2] !== options.projectId || route[3] !== options.location || !kind)
      return sendJson(res, 404, googleError(404, `The ReasoningEngine of ${req.path} does not exist.`));
    const [, version, , , , rest] = route;
    if (req.method === 'POST' && rest === ':query') return query(req, res, kind, false);
    if (req.method === 'POST' && rest === ':streamQuery') return query(req, res, kind, true);
    if (rest.startsWith('/a2a/') && version === 'v1beta1' && kind === 'a2a')
      return a2a(req, res, `${server.url}${req.path.slice(0, req.path.length - rest.length)}`, rest);
    return sendJson(res, 404, googleError(404, `Unknown route ${req.method} ${req.path}`));
  });
  return Object.assign(fake, server);
}
