import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  answerFault,
  faultIn,
  sendJson,
  startFake,
  startSse,
  type FakeRequest,
  type FakeServer,
} from '../testing/fake-http';
import { selfSignedCertificate } from '../testing/self-signed-cert';

// A fake Microsoft Entra ID tenant and Azure AI Foundry project, over HTTPS (MSAL only talks to https
// authorities), following:
// - Entra client credentials (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow):
//   GET /{tenant}/v2.0/.well-known/openid-configuration, POST /{tenant}/oauth2/v2.0/token (form
//   grant_type=client_credentials, client_id, client_secret, scope); errors `{ error, error_description,
//   error_codes }`. Access tokens are RS256 JWTs signed with a key made here; every Foundry call checks the
//   signature (node:crypto), `aud`, `iss`, `appid`, `exp`, or an `api-key` header instead.
// - Foundry Agent Service, Responses API (learn.microsoft.com/azure/foundry/agents/concepts/runtime-components
//   and the REST samples of the Foundry tool pages, the GA `/openai/v1` path without api-version): POST {project}/openai/v1/conversations and /openai/v1/responses with
//   `agent_reference: { type: 'agent_reference', name, version? }`, `input`, `conversation`, `stream`;
//   a `response` object (output → message → output_text, usage input_tokens/output_tokens), or typed SSE
//   events (response.created … response.output_text.delta … response.completed | response.failed).
// - Foundry Agent Service, classic threads/runs (learn.microsoft.com/rest/api/aifoundry/aiagents,
//   api-version=v1, the Assistants protocol): POST /threads/runs, POST /threads/{t}/runs
//   (additional_messages), GET /threads/{t}/runs/{r} (queued → in_progress → completed over two polls),
//   POST …/cancel, POST …/submit_tool_outputs, GET /threads/{t}/messages?run_id=; with `stream: true`
//   Assistants SSE events (thread.run.*, thread.message.delta, `done`).
// Errors: Azure's `{ error: { code, message } }`, 401 for a bad token or key, 429 with Retry-After.
//
// Answers show what the fake received: responses `echo: <text> (agent: <name>[@<version>], turns: N)` (N =
// user turns in the conversation), threads `echo: <text> (thread messages: N)`. Text triggers:
// `fault:<mode>` (see fake-http), `agent:fail` (a failed response), `run:fail` (a failed run),
// `run:slow` (a run that works until it is cancelled), `run:tool` (a run that asks for a function tool).

export const FOUNDRY = {
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  clientSecret: 'entra-client-secret-0123456789',
  scope: 'https://ai.azure.com/.default',
  apiKey: 'foundry-api-key-0123456789',
  project: '/api/projects/proj-test',
  agentName: 'echo-agent',
  assistantId: 'asst_echo123',
};
const AUDIENCE = 'https://ai.azure.com';

export interface FoundryFake extends FakeServer {
  /** The project endpoint to register agents with. */
  projectUrl: string;
  /** The fake's self-signed certificate (PEM), for the gateway to trust. */
  certificate: string;
  /** Access tokens issued so far. */
  tokensIssued(): number;
  /** The form of every token request so far (they outlive `requests`, as the gateway's tokens do). */
  tokenRequests: URLSearchParams[];
  /** Refuse every token issued so far (as if the app's access was revoked and granted again). */
  revokeTokens(): void;
}

interface Conversation {
  items: { role: 'user' | 'assistant'; text: string }[];
}
interface Thread {
  id: string;
  messages: {
    id: string;
    role: 'user' | 'assistant';
    text: string;
    runId: string | null;
    createdAt: number;
  }[];
}
interface Run {
  id: string;
  threadId: string;
  text: string;
  status: string;
  metadata: Record<string, string>;
  toolOutput?: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | null;
  lastError: { code: string; message: string } | null;
}

const id = (prefix: string) => `${prefix}_${randomBytes(9).toString('hex')}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const b64url = (data: unknown) => Buffer.from(JSON.stringify(data)).toString('base64url');
const azureError = (status: number, message: string) => ({
  error: {
    code:
      status === 429 ? '429' : status === 401 ? '401' : status >= 500 ? 'server_error' : 'invalid_request',
    message,
  },
});
const words = (text: string) => text.split(' ').length;

export async function startFoundryFake(): Promise<FoundryFake> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(6).toString('hex');
  const issued: string[] = [];
  const revoked = new Set<string>();
  const conversations = new Map<string, Conversation>();
  const threads = new Map<string, Thread>();
  const runs = new Map<string, Run>();
  let base = '';

  // ---- Entra ID --------------------------------------------------------------------------------------

  const entraError = (
    res: ServerResponse,
    status: number,
    error: string,
    code: number,
    description: string,
  ) =>
    sendJson(res, status, {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomBytes(8).toString('hex'),
    });

  const tokenRequests: URLSearchParams[] = [];
  const issueToken = (res: ServerResponse, form: URLSearchParams) => {
    tokenRequests.push(form);
    if (form.get('grant_type') !== 'client_credentials')
      return entraError(res, 400, 'unsupported_grant_type', 70003, 'The grant type is not supported.');
    if (form.get('client_id') !== FOUNDRY.clientId)
      return entraError(res, 400, 'unauthorized_client', 700016, 'Application not found in the directory.');
    if (form.get('client_secret') !== FOUNDRY.clientSecret)
      return entraError(res, 401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    const scope = form.get('scope')?.split(' ') ?? [];
    if (!scope.includes(FOUNDRY.scope))
      return entraError(res, 400, 'invalid_scope', 1002012, `The provided value for scope is not valid.`);
    const jti = randomBytes(8).toString('hex');
    const iat = nowSeconds();
    const header = b64url({ typ: 'JWT', alg: 'RS256', kid });
    const payload = b64url({
      aud: AUDIENCE,
      iss: `https://sts.windows.net/${FOUNDRY.tenantId}/`,
      iat,
      nbf: iat,
      exp: iat + 3600,
      appid: FOUNDRY.clientId,
      tid: FOUNDRY.tenantId,
      jti,
    });
    const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url');
    issued.push(jti);
    sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: 3599,
      ext_expires_in: 3599,
      access_token: `${header}.${payload}.${signature}`,
    });
  };

  /** Why the caller may not call the project (undefined when it may): a real RS256 check, or the key. */
  const refusal = (req: FakeRequest): string | undefined => {
    if (req.headers['api-key'] !== undefined)
      return req.headers['api-key'] === FOUNDRY.apiKey ? undefined : 'invalid api-key';
    const match = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(String(req.headers.authorization ?? ''));
    if (!match) return 'Access token is missing';
    const [, header, payload, signature] = match;
    const signed = verify(
      'sha256',
      Buffer.from(`${header}.${payload}`),
      publicKey,
      Buffer.from(signature, 'base64url'),
    );
    if (!signed) return 'Access token signature is invalid';
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'RS256') return 'unexpected alg';
    if (claims.aud !== AUDIENCE) return 'audience is incorrect';
    if (claims.iss !== `https://sts.windows.net/${FOUNDRY.tenantId}/`) return 'issuer is incorrect';
    if (claims.appid !== FOUNDRY.clientId) return 'unknown application';
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds()) return 'Access token has expired';
    if (revoked.has(String(claims.jti))) return 'Access token was revoked';
    return undefined;
  };

  // ---- Responses API -------------------------------------------------------------------------------

  const respond = (req: FakeRequest, res: ServerResponse) => {
    const body = req.body as {
      agent_reference?: { type?: unknown; name?: unknown; version?: unknown };
      input?: unknown;
      conversation?: unknown;
      stream?: unknown;
    };
    const agent = body?.agent_reference;
    if (agent?.type !== 'agent_reference' || typeof agent.name !== 'string')
      return sendJson(res, 400, azureError(400, 'agent_reference (type agent_reference, name) is required.'));
    if (agent.name !== FOUNDRY.agentName)
      return sendJson(res, 404, azureError(404, `Agent '${agent.name}' was not found.`));
    const text =
      typeof body.input === 'string'
        ? body.input
        : Array.isArray(body.input)
          ? String((body.input.at(-1) as { content?: unknown })?.content ?? '')
          : undefined;
    if (text === undefined) return sendJson(res, 400, azureError(400, 'input is required.'));
    const fault = faultIn(text);
    if (fault) return answerFault(res, fault, azureError);
    let conversation: Conversation | undefined;
    if (body.conversation !== undefined) {
      conversation = conversations.get(String(body.conversation));
      if (!conversation)
        return sendJson(res, 404, azureError(404, `Conversation '${String(body.conversation)}' not found.`));
      conversation.items.push({ role: 'user', text });
    }
    const turns = conversation ? conversation.items.filter((i) => i.role === 'user').length : 1;
    const version = typeof agent.version === 'string' ? `@${agent.version}` : '';
    const answer = `echo: ${text} (agent: ${agent.name}${version}, turns: ${turns})`;
    const failed = text.includes('agent:fail');
    if (!failed) conversation?.items.push({ role: 'assistant', text: answer });
    const usage = {
      input_tokens: 10 * turns,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: words(answer),
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 10 * turns + words(answer),
    };
    const messageId = id('msg');
    const response = (status: string, output: string | undefined) => ({
      id: id('resp'),
      object: 'response',
      created_at: nowSeconds(),
      status,
      model: 'gpt-4.1-mini',
      agent_reference: {
        type: 'agent_reference',
        name: agent.name,
        ...(version ? { version: agent.version } : {}),
      },
      ...(body.conversation !== undefined ? { conversation: { id: body.conversation } } : {}),
      output:
        output === undefined
          ? []
          : [
              {
                type: 'message',
                id: messageId,
                status: 'completed',
                role: 'assistant',
                content: [{ type: 'output_text', text: output, annotations: [] }],
              },
            ],
      error: failed ? { code: 'server_error', message: 'The agent run failed.' } : null,
      incomplete_details: null,
      usage: status === 'completed' ? usage : null,
    });
    if (body.stream !== true)
      return sendJson(res, 200, response(failed ? 'failed' : 'completed', failed ? undefined : answer));
    const sse = startSse(res);
    let sequence = 0;
    const emit = (type: string, data: object) =>
      sse.event({ type, sequence_number: sequence++, ...data }, type);
    emit('response.created', { response: response('in_progress', undefined) });
    emit('response.in_progress', { response: response('in_progress', undefined) });
    if (failed) {
      emit('response.failed', { response: response('failed', undefined) });
      return sse.end();
    }
    emit('response.output_item.added', {
      output_index: 0,
      item: { type: 'message', id: messageId, status: 'in_progress', role: 'assistant', content: [] },
    });
    emit('response.content_part.added', {
      item_id: messageId,
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [] },
    });
    for (const delta of answer.split(/(?<= )/))
      emit('response.output_text.delta', { item_id: messageId, output_index: 0, content_index: 0, delta });
    emit('response.output_text.done', {
      item_id: messageId,
      output_index: 0,
      content_index: 0,
      text: answer,
    });
    emit('response.completed', { response: response('completed', answer) });
    sse.end();
  };

  // ---- threads / runs ------------------------------------------------------------------------------

  const runObject = (run: Run) => {
    const asksTool = run.status === 'requires_action';
    return {
      id: run.id,
      object: 'thread.run',
      created_at: nowSeconds(),
      thread_id: run.threadId,
      assistant_id: FOUNDRY.assistantId,
      status: run.status,
      required_action: asksTool
        ? {
            type: 'submit_tool_outputs',
            submit_tool_outputs: {
              tool_calls: [
                {
                  id: 'call_weather1',
                  type: 'function',
                  function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
                },
              ],
            },
          }
        : null,
      last_error: run.lastError,
      model: 'gpt-4o-mini',
      instructions: 'Echo what the user says.',
      tools: [],
      metadata: run.metadata,
      usage: run.usage,
    };
  };

  /** One step of a run's life: queued → in_progress → completed (or what its text asks for). */
  const advance = (run: Run) => {
    const thread = threads.get(run.threadId) as Thread;
    if (run.status === 'queued') run.status = 'in_progress';
    else if (run.status === 'cancelling') run.status = 'cancelled';
    else if (run.status === 'in_progress' && !run.text.includes('run:slow')) {
      if (run.text.includes('run:tool') && run.toolOutput === undefined) {
        run.status = 'requires_action';
        return;
      }
      if (run.text.includes('run:fail')) {
        run.status = 'failed';
        run.lastError = { code: 'server_error', message: 'Sorry, something went wrong.' };
        return;
      }
      const userMessages = thread.messages.filter((m) => m.role === 'user').length;
      const tool = run.toolOutput !== undefined ? ` (get_weather said: ${run.toolOutput})` : '';
      const answer = `echo: ${run.text} (thread messages: ${userMessages})${tool}`;
      thread.messages.push({
        id: id('msg'),
        role: 'assistant',
        text: answer,
        runId: run.id,
        createdAt: Date.now(),
      });
      run.status = 'completed';
      run.usage = {
        prompt_tokens: 10 * userMessages,
        completion_tokens: words(answer),
        total_tokens: 10 * userMessages + words(answer),
      };
    }
  };

  const messageObject = (thread: Thread, m: Thread['messages'][number]) => ({
    id: m.id,
    object: 'thread.message',
    created_at: Math.floor(m.createdAt / 1000),
    thread_id: thread.id,
    role: m.role,
    content: [{ type: 'text', text: { value: m.text, annotations: [] } }],
    assistant_id: m.role === 'assistant' ? FOUNDRY.assistantId : null,
    run_id: m.runId,
    attachments: [],
    metadata: {},
  });

  const createRun = async (req: FakeRequest, res: ServerResponse, threadId?: string) => {
    const body = req.body as {
      assistant_id?: unknown;
      thread?: { messages?: { role?: unknown; content?: unknown }[] };
      additional_messages?: { role?: unknown; content?: unknown }[];
      metadata?: Record<string, string>;
      stream?: unknown;
    };
    if (body?.assistant_id !== FOUNDRY.assistantId)
      return sendJson(
        res,
        404,
        azureError(404, `No assistant found with id '${String(body?.assistant_id)}'.`),
      );
    const incoming = threadId ? body.additional_messages : body.thread?.messages;
    const text = incoming?.at(-1)?.content;
    if (!Array.isArray(incoming) || typeof text !== 'string' || incoming.some((m) => m.role !== 'user'))
      return sendJson(res, 400, azureError(400, 'A user message with text content is required.'));
    const fault = faultIn(text);
    if (fault) return answerFault(res, fault, azureError);
    let thread = threadId ? threads.get(threadId) : undefined;
    if (threadId && !thread)
      return sendJson(res, 404, azureError(404, `No thread found with id '${threadId}'.`));
    const created = !thread;
    thread ??= { id: id('thread'), messages: [] };
    threads.set(thread.id, thread);
    for (const m of incoming)
      thread.messages.push({
        id: id('msg'),
        role: 'user',
        text: String(m.content),
        runId: null,
        createdAt: Date.now(),
      });
    const run: Run = {
      id: id('run'),
      threadId: thread.id,
      text,
      status: 'queued',
      metadata: body.metadata ?? {},
      usage: null,
      lastError: null,
    };
    runs.set(run.id, run);
    if (body.stream !== true) return sendJson(res, 200, runObject(run));

    const sse = startSse(res);
    const emit = (event: string, data: unknown) => sse.event(data, event);
    if (created)
      emit('thread.created', { id: thread.id, object: 'thread', created_at: nowSeconds(), metadata: {} });
    emit('thread.run.created', runObject(run));
    emit('thread.run.queued', runObject(run));
    advance(run);
    emit('thread.run.in_progress', runObject(run));
    // A slow run works until it is cancelled (through the REST cancel), for at most 10 s.
    for (
      let waited = 0;
      run.text.includes('run:slow') && run.status === 'in_progress' && waited < 10_000;
      waited += 20
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    advance(run); // cancelling → cancelled, in_progress → completed (or what the text asks for)
    const answer = thread.messages.at(-1);
    if (run.status === 'completed' && answer) {
      emit('thread.message.created', {
        ...messageObject(thread, answer),
        status: 'in_progress',
        content: [],
      });
      for (const value of answer.text.split(/(?<= )/))
        emit('thread.message.delta', {
          id: answer.id,
          object: 'thread.message.delta',
          delta: { content: [{ index: 0, type: 'text', text: { value, annotations: [] } }] },
        });
      emit('thread.message.completed', messageObject(thread, answer));
    }
    emit(`thread.run.${run.status}`, runObject(run));
    sse.event('[DONE]', 'done');
    sse.end();
  };

  const threadsApi = async (req: FakeRequest, res: ServerResponse, path: string) => {
    if (req.query.get('api-version') !== 'v1')
      return sendJson(
        res,
        400,
        azureError(400, `Unsupported api-version '${req.query.get('api-version')}'.`),
      );
    if (req.method === 'POST' && path === '/threads/runs') return createRun(req, res);
    let m = /^\/threads\/([\w-]+)\/runs$/.exec(path);
    if (m && req.method === 'POST') return createRun(req, res, m[1]);
    m = /^\/threads\/([\w-]+)\/runs\/([\w-]+)(\/cancel|\/submit_tool_outputs)?$/.exec(path);
    if (m) {
      const run = runs.get(m[2]);
      if (!run || run.threadId !== m[1])
        return sendJson(res, 404, azureError(404, `No run found with id '${m[2]}'.`));
      if (req.method === 'GET' && !m[3]) {
        advance(run);
        return sendJson(res, 200, runObject(run));
      }
      if (req.method === 'POST' && m[3] === '/cancel') {
        if (!['queued', 'in_progress', 'requires_action'].includes(run.status))
          return sendJson(res, 400, azureError(400, `Cannot cancel run with status '${run.status}'.`));
        run.status = 'cancelling';
        return sendJson(res, 200, runObject(run));
      }
      if (req.method === 'POST' && m[3] === '/submit_tool_outputs') {
        const outputs = (req.body as { tool_outputs?: { tool_call_id?: unknown; output?: unknown }[] })
          ?.tool_outputs;
        const output = outputs?.find((o) => o.tool_call_id === 'call_weather1')?.output;
        if (run.status !== 'requires_action' || typeof output !== 'string')
          return sendJson(res, 400, azureError(400, 'Expected the output of tool call call_weather1.'));
        run.toolOutput = output;
        run.status = 'in_progress';
        return sendJson(res, 200, runObject(run));
      }
    }
    m = /^\/threads\/([\w-]+)\/messages$/.exec(path);
    if (m && req.method === 'GET') {
      const thread = threads.get(m[1]);
      if (!thread) return sendJson(res, 404, azureError(404, `No thread found with id '${m[1]}'.`));
      const runId = req.query.get('run_id');
      let data = thread.messages
        .filter((msg) => !runId || msg.runId === runId)
        .map((msg) => messageObject(thread, msg));
      if (req.query.get('order') !== 'asc') data = data.reverse();
      return sendJson(res, 200, {
        object: 'list',
        data,
        first_id: data[0]?.id ?? null,
        last_id: data.at(-1)?.id ?? null,
        has_more: false,
      });
    }
    return sendJson(res, 404, azureError(404, `Unknown route ${req.method} ${path}`));
  };

  // ---- routing -------------------------------------------------------------------------------------

  const tls = selfSignedCertificate();
  const server = await startFake(
    async (req, res) => {
      const tenant = `/${FOUNDRY.tenantId}`;
      if (req.method === 'GET' && req.path === `${tenant}/v2.0/.well-known/openid-configuration`) {
        return sendJson(res, 200, {
          issuer: `${base}${tenant}/v2.0`,
          authorization_endpoint: `${base}${tenant}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}${tenant}/oauth2/v2.0/token`,
          jwks_uri: `${base}${tenant}/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          token_endpoint_auth_methods_supported: [
            'client_secret_post',
            'private_key_jwt',
            'client_secret_basic',
          ],
        });
      }
      if (req.method === 'POST' && req.path === `${tenant}/oauth2/v2.0/token`)
        return issueToken(res, new URLSearchParams(req.raw.toString('utf8')));
      if (!req.path.startsWith(`${FOUNDRY.project}/`))
        return sendJson(res, 404, azureError(404, `Unknown route ${req.method} ${req.path}`));
      const why = refusal(req);
      if (why)
        return sendJson(res, 401, azureError(401, `Unauthorized. ${why}.`), { 'www-authenticate': 'Bearer' });
      const path = req.path.slice(FOUNDRY.project.length);
      if (req.method === 'POST' && path === '/openai/v1/conversations') {
        const conversationId = id('conv');
        conversations.set(conversationId, { items: [] });
        return sendJson(res, 200, {
          id: conversationId,
          object: 'conversation',
          created_at: nowSeconds(),
          metadata: {},
        });
      }
      if (req.method === 'POST' && path === '/openai/v1/responses') return respond(req, res);
      return threadsApi(req, res, path);
    },
    { tls },
  );
  base = server.url;
  return {
    ...server,
    projectUrl: `${server.url}${FOUNDRY.project}`,
    certificate: tls.cert,
    tokensIssued: () => issued.length,
    tokenRequests,
    revokeTokens: () => issued.forEach((jti) => revoked.add(jti)),
  };
}
