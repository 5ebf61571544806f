import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { startA2AAgentFake } from '../testing/a2a-agent.fake';
import {
  answerFault,
  faultIn,
  sendJson,
  startFake,
  type FakeRequest,
  type FakeServer,
} from '../testing/fake-http';

// A fake Amazon Bedrock AgentCore data plane (API version 2024-02-28) hosting A2A servers, following
// the API reference and the A2A protocol contract (docs.aws.amazon.com/bedrock-agentcore, as of 2025):
// - InvokeAgentRuntime: POST /runtimes/{URL-encoded runtime ARN}/invocations?qualifier=… with header
//   X-Amzn-Bedrock-AgentCore-Runtime-Session-Id (33–256 characters); the JSON-RPC body goes unchanged
//   to the container's A2A server (port 9000, path /) and its answer (JSON, or an SSE stream) comes back.
// - GetAgentCard: GET /runtimes/{ARN}/invocations/.well-known/agent-card.json?qualifier=… serves the
//   container's card as the container writes it (here: its URL is the container's own 0.0.0.0:9000).
// - Auth: AWS Signature Version 4 (service bedrock-agentcore), checked here independently of any AWS
//   library with node:crypto as the IAM user guide describes it (canonical request with each path
//   segment encoded twice, string to sign, derived signing key, x-amz-date within 5 minutes, payload
//   hash of the body received), or an OAuth bearer token. Errors are AWS REST-JSON errors: the type in
//   `x-amzn-errortype`, `{ "message" }` in the body.
// - Sessions: each runtime session runs in its own microVM, so a task is only visible from the session
//   that created it; another session asking for it gets the A2A server's "task not found".
// The A2A servers are small JSON-RPC agents answering as the repo's hello agent does, v1.0 and v0.3.

export const AGENTCORE_REGION = 'us-east-1';
export const AGENTCORE_RUNTIME_ARN =
  'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/hello_v10-Xq3Lr8TzPa';
export const AGENTCORE_V03_RUNTIME_ARN =
  'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/hello_v03-Mk7Wd2RsYb';
export const AWS_CREDENTIALS = {
  accessKeyId: 'AKIAFAKEAGENTCORE042',
  secretAccessKey: 'fAkE/SeCrEt+kEy/0123456789abcdefghijKLMN',
  sessionToken: 'IQoJb3JpZ2luX2VjEFAKE//session-token-for-tests==',
};
export const AGENTCORE_OAUTH_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.fake-agentcore-access-token.c2lnbmF0dXJl';

export const SESSION_HEADER = 'x-amzn-bedrock-agentcore-runtime-session-id';
const SERVICE = 'bedrock-agentcore';
const MAX_SKEW_MS = 5 * 60_000;
const TASK_NOT_FOUND = -32001;

export interface AgentCoreFake extends FakeServer {
  /** The runtime session each recorded request named (undefined when it named none). */
  sessionOf(request: FakeRequest): string | undefined;
}

type AwsError = { status: number; type: string; message: string; headers?: Record<string, string> };

function awsError(res: ServerResponse, error: AwsError): void {
  sendJson(
    res,
    error.status,
    { message: error.message },
    { 'x-amzn-errortype': error.type, ...error.headers },
  );
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/** RFC 3986 encoding as SigV4 wants it: everything but A–Z a–z 0–9 - _ . ~, hex in upper case. */
const uriEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export interface SigV4Request {
  method: string;
  /** The path as received (still percent-encoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

/**
 * Verify an AWS SigV4 `Authorization` header (IAM user guide, "Create a signed AWS API request").
 * Returns undefined when the request is signed by `keys` for `region`/`service`, else the AWS error.
 */
export function verifySigV4(
  request: SigV4Request,
  keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
  scope: { region: string; service: string },
  now = Date.now(),
): AwsError | undefined {
  const denied = (type: string, message: string): AwsError => ({ status: 403, type, message });
  const authorization = header(request.headers, 'authorization') ?? '';
  const parsed =
    /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!parsed) return denied('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const [, accessKeyId, day, region, service, signedHeaderList, signature] = parsed;
  if (accessKeyId !== keys.accessKeyId)
    return denied('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (keys.sessionToken && header(request.headers, 'x-amz-security-token') !== keys.sessionToken)
    return denied('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (region !== scope.region)
    return denied('InvalidSignatureException', `Credential should be scoped to a valid region.`);
  if (service !== scope.service)
    return denied(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${scope.service}'.`,
    );
  const amzDate = header(request.headers, 'x-amz-date') ?? '';
  const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!stamp || !amzDate.startsWith(day))
    return denied(
      'IncompleteSignatureException',
      'x-amz-date is missing or does not match the credential scope.',
    );
  const signedAt = Date.UTC(+stamp[1], +stamp[2] - 1, +stamp[3], +stamp[4], +stamp[5], +stamp[6]);
  if (Math.abs(now - signedAt) > MAX_SKEW_MS)
    return denied(
      'InvalidSignatureException',
      `Signature expired: ${amzDate} is not within 5 minutes of the server time.`,
    );
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes('x-amz-date'))
    return denied('IncompleteSignatureException', 'The host and x-amz-date headers must be signed.');
  const payloadHash = sha256Hex(request.raw);
  const claimed = header(request.headers, 'x-amz-content-sha256');
  if (claimed !== undefined && claimed !== payloadHash)
    return denied('InvalidSignatureException', 'The x-amz-content-sha256 header does not match the body.');

  const canonicalUri = request.path
    .split('/')
    .map((segment) => uriEncode(segment))
    .join('/');
  const canonicalQuery = [...request.query]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)])
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(header(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalUri,
    canonicalQuery,
    canonicalHeaders,
    signedHeaderList,
    payloadHash,
  ].join('\n');
  const credentialScope = `${day}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, credentialScope, sha256Hex(canonicalRequest)].join('\n');
  let signingKey: string | Buffer = `AWS4${keys.secretAccessKey}`;
  for (const part of [day, region, service, 'aws4_request']) signingKey = hmac(signingKey, part);
  const expected = hmac(signingKey, stringToSign);
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex')))
    return denied(
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS ' +
        'Secret Access Key and signing method. Consult the service documentation for details.',
    );
  return undefined;
}

function checkBearer(headers: IncomingHttpHeaders): AwsError | undefined {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header(headers, 'authorization') ?? '')?.[1] ?? '');
  const known = Buffer.from(AGENTCORE_OAUTH_TOKEN);
  if (given.length === known.length && timingSafeEqual(given, known)) return undefined;
  return {
    status: 401,
    type: 'AccessDeniedException',
    message: 'Invalid Bearer token',
    headers: { 'www-authenticate': 'Bearer realm="bedrock-agentcore"' },
  };
}

/** The texts of a JSON-RPC SendMessage body (v1.0 and v0.3 both keep them in params.message.parts). */
function textsOf(body: unknown): string {
  const parts = (body as { params?: { message?: { parts?: { text?: unknown }[] } } })?.params?.message?.parts;
  return (parts ?? []).map((p) => (typeof p.text === 'string' ? p.text : '')).join(' ');
}

/** The task a JSON-RPC result or stream event is about (v1.0 or v0.3 shape). */
function taskIdIn(result: Record<string, any> | undefined): string | undefined {
  if (!result) return undefined;
  return (
    result.task?.id ??
    result.statusUpdate?.taskId ??
    result.artifactUpdate?.taskId ??
    result.message?.taskId ??
    (result.kind === 'task' ? result.id : result.taskId)
  );
}

const TASK_METHODS = new Set([
  'GetTask',
  'CancelTask',
  'SubscribeToTask',
  'tasks/get',
  'tasks/cancel',
  'tasks/resubscribe',
]);

export async function startBedrockAgentCoreFake(): Promise<AgentCoreFake> {
  // A container describes itself at its own address: it does not know the public URL AgentCore gives it.
  const own = 'http://0.0.0.0:9000/';
  const containers: Record<string, FakeServer> = {};
  [containers[AGENTCORE_RUNTIME_ARN], containers[AGENTCORE_V03_RUNTIME_ARN]] = await Promise.all([
    startA2AAgentFake('1.0', own),
    startA2AAgentFake('0.3', own),
  ]);
  /** Which session (microVM) each task lives in. */
  const taskSessions = new Map<string, string>();

  const fake = await startFake(async (req, res) => {
    const route = /^\/runtimes\/([^/]+)\/invocations(\/\.well-known\/agent-card\.json)?$/.exec(req.path);
    const isCard = route?.[2] !== undefined;
    if (!route || (isCard ? req.method !== 'GET' : req.method !== 'POST'))
      return awsError(res, {
        status: 404,
        type: 'UnknownOperationException',
        message: `No operation at ${req.method} ${req.path}`,
      });

    const denied = (header(req.headers, 'authorization') ?? '').startsWith('Bearer ')
      ? checkBearer(req.headers)
      : verifySigV4(req, AWS_CREDENTIALS, { region: AGENTCORE_REGION, service: SERVICE });
    if (denied) return awsError(res, denied);

    const session = header(req.headers, SESSION_HEADER);
    if (!session || session.length < 33 || session.length > 256)
      return awsError(res, {
        status: 400,
        type: 'ValidationException',
        message: `1 validation error detected: Value at 'runtimeSessionId' failed to satisfy constraint: Member must have length between 33 and 256`,
      });
    const arn = decodeURIComponent(route[1]);
    const container = containers[arn];
    const qualifier = req.query.get('qualifier') ?? 'DEFAULT';
    if (!container || qualifier !== 'DEFAULT')
      return awsError(res, {
        status: 404,
        type: 'ResourceNotFoundException',
        message: `No endpoint ${qualifier} for agent runtime ${arn}`,
      });

    if (isCard) {
      const card = await (await fetch(`${container.url}/.well-known/agent-card.json`)).json();
      return sendJson(res, 200, card, { [SESSION_HEADER]: session });
    }

    const rpc = req.body as { id?: unknown; method?: string; params?: { id?: string } } | undefined;
    const fault = faultIn(textsOf(rpc));
    switch (fault) {
      case '401':
        return awsError(res, {
          status: 403,
          type: 'AccessDeniedException',
          message: 'User is not authorized to perform: bedrock-agentcore:InvokeAgentRuntime',
        });
      case '429':
        return awsError(res, {
          status: 429,
          type: 'ThrottlingException',
          message: 'Rate exceeded',
          headers: { 'retry-after': '7' },
        });
      case '500':
        return awsError(res, {
          status: 500,
          type: 'InternalServerException',
          message: 'An internal error occurred',
        });
      case '503':
        return awsError(res, {
          status: 503,
          type: 'ServiceUnavailableException',
          message: 'Service unavailable',
        });
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"jsonrpc":"2.0","res');
      case 'shape':
        return sendJson(res, 200, { unexpected: true });
      case 'hang':
        return answerFault(res, fault, (_status, message) => ({ message }));
    }
    const taskId = rpc?.method && TASK_METHODS.has(rpc.method) ? rpc.params?.id : undefined;
    const home = taskId && taskSessions.get(taskId);
    if (home && home !== session) {
      // Another microVM: its A2A server has never heard of this task.
      return sendJson(res, 200, {
        jsonrpc: '2.0',
        id: rpc?.id ?? null,
        error: { code: TASK_NOT_FOUND, message: 'Task not found' },
      });
    }

    const forwarded: Record<string, string> = {
      'content-type': 'application/json',
      [SESSION_HEADER]: session,
    };
    for (const name of ['accept', 'a2a-version'])
      if (req.headers[name]) forwarded[name] = String(req.headers[name]);
    // The caller hanging up ends the container's request too.
    const hangUp = new AbortController();
    res.on('close', () => hangUp.abort());
    const upstream = await fetch(`${container.url}/`, {
      method: 'POST',
      headers: forwarded,
      body: req.raw,
      signal: hangUp.signal,
    });
    const type = upstream.headers.get('content-type') ?? 'application/json';
    res.writeHead(upstream.status, { 'content-type': type, [SESSION_HEADER]: session });
    const seen = (json: Record<string, any>) => {
      const id = taskIdIn(json.result);
      if (id && !taskSessions.has(id)) taskSessions.set(id, session);
    };
    if (!type.includes('text/event-stream')) {
      const text = await upstream.text();
      try {
        seen(JSON.parse(text) as Record<string, any>);
      } catch {
        // not JSON: passed on as it is
      }
      return void res.end(text);
    }
    // An SSE answer streams through as it comes.
    const decoder = new TextDecoder();
    let pending = '';
    for await (const chunk of upstream.body as unknown as AsyncIterable<Uint8Array>) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines.filter((l) => l.startsWith('data:')))
        try {
          seen(JSON.parse(line.slice(5)) as Record<string, any>);
        } catch {
          // a partial or foreign event: nothing to learn from it
        }
      res.write(chunk);
    }
    res.end();
  });

  return {
    ...fake,
    sessionOf: (request) => header(request.headers, SESSION_HEADER),
    close: async () => {
      await fake.close();
      await Promise.all(Object.values(containers).map((c) => c.close()));
    },
  };
}
