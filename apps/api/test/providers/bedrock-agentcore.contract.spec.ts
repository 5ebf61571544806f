import { createHash } from 'node:crypto';
import type { AgentRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from '../harness';
import {
  AGENTCORE_OAUTH_TOKEN,
  AGENTCORE_REGION,
  AGENTCORE_RUNTIME_ARN,
  AGENTCORE_V03_RUNTIME_ARN,
  AWS_CREDENTIALS,
  startBedrockAgentCoreFake,
  verifySigV4,
  type AgentCoreFake,
} from './fakes/bedrock-agentcore.fake';
import type { FakeRequest } from './fakes/fake-http';
import {
  answerText,
  callsOf,
  streamedText,
  type InvokeBody,
  proxySend,
  FAULT_MAPPINGS,
  expectFaultMapped,
} from './provider-contract';

const HELLO = (text: string) => `Hello, World! I have received your request (${text})`;
const INVOCATIONS = (arn: string) => `/runtimes/${encodeURIComponent(arn)}/invocations`;

describe('provider bedrock-agentcore: an A2A server on Bedrock AgentCore Runtime through the gateway', () => {
  let api: TestApi;
  let fake: AgentCoreFake;
  const register = (overrides: Record<string, unknown> = {}) =>
    api.post<AgentRead & ErrorBody>('/a2a', {
      name: 'core',
      endpointUrl: fake.url,
      provider: 'bedrock-agentcore',
      providerConfig: { agentRuntimeArn: AGENTCORE_RUNTIME_ARN },
      authType: 'aws-sigv4',
      auth: { ...AWS_CREDENTIALS, region: AGENTCORE_REGION, service: 'bedrock-agentcore' },
      timeoutMs: 5000,
      ...overrides,
    });
  /** The calls that reached InvokeAgentRuntime (not the card reads), with their JSON-RPC method. */
  const invocations = () =>
    fake.requests
      .filter((r) => r.method === 'POST')
      .map((r) => ({
        request: r,
        method: (r.body as { method?: string }).method,
        session: fake.sessionOf(r),
      }));

  beforeAll(async () => {
    fake = await startBedrockAgentCoreFake();
    api = await TestApi.start({ A2A_RETRY_BASE_MS: '5' });
  });
  beforeEach(async () => {
    await api.reset();
    fake.requests.length = 0;
  });
  afterAll(async () => {
    await api.close();
    await fake.close();
  });

  it('registers with its config checked and the default qualifier filled in', async () => {
    const res = await register();
    expect(res.status).toBe(201);
    expect(res.body.providerConfig).toEqual({ agentRuntimeArn: AGENTCORE_RUNTIME_ARN, qualifier: 'DEFAULT' });
  });

  it.each([
    [{}, 'providerConfig.agentRuntimeArn'],
    [
      { agentRuntimeArn: 'arn:aws:bedrock:us-east-1:123456789012:agent/ABC' },
      'providerConfig.agentRuntimeArn',
    ],
    [{ agentRuntimeArn: AGENTCORE_RUNTIME_ARN, qualifier: 'not valid' }, 'providerConfig.qualifier'],
    [{ agentRuntimeArn: AGENTCORE_RUNTIME_ARN, region: 'us-east-1' }, 'providerConfig'],
  ])('refuses providerConfig %j with 400 naming %s', async (providerConfig, path) => {
    const res = await register({ providerConfig });
    expect(res.status).toBe(400);
    expect(res.body.details?.issues?.map((i) => i.path)).toContain(path);
    expect(res.body.message).toContain('bedrock-agentcore');
  });

  it('invokes through InvokeAgentRuntime, SigV4-signed, in a runtime session', async () => {
    await register();
    const res = await api.post<InvokeBody>('/a2a/core/invoke', { message: 'hello' });
    expect(res.status).toBe(200);
    expect(answerText(res.body)).toBe(HELLO('hello'));
    expect(res.body.task?.status.state).toBe('TASK_STATE_COMPLETED');

    // The card first (GetAgentCard), then the JSON-RPC call — both at the runtime's own URLs, never at
    // the 0.0.0.0:9000 the container's card names.
    const [card, call] = fake.requests;
    expect(card.method).toBe('GET');
    expect(card.path).toBe(`${INVOCATIONS(AGENTCORE_RUNTIME_ARN)}/.well-known/agent-card.json`);
    expect(call.path).toBe(INVOCATIONS(AGENTCORE_RUNTIME_ARN));
    for (const request of [card, call]) {
      expect(request.query.get('qualifier')).toBe('DEFAULT');
      expect(request.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIAFAKEAGENTCORE042\/\d{8}\/us-east-1\/bedrock-agentcore\/aws4_request, /,
      );
      expect(request.headers['x-amz-security-token']).toBe(AWS_CREDENTIALS.sessionToken);
    }
    expect(call.body).toMatchObject({ jsonrpc: '2.0', method: 'SendMessage' });
    expect(fake.sessionOf(call)).toMatch(/^[0-9a-f]{64}$/);
    expect(callsOf(api, 'core')).toMatchObject({ invocations: 1, failures: 0 });
  });

  it('keeps one runtime session per conversation and per caller', async () => {
    await register();
    const first = await api.post<InvokeBody>('/a2a/core/invoke', { message: 'one' });
    const contextId = first.body.task?.contextId as string;
    expect(contextId).toBeTruthy();
    await api.post<InvokeBody>('/a2a/core/invoke', { message: 'two', contextId });
    await api.post<InvokeBody>('/a2a/core/invoke', { message: 'elsewhere' });
    const other = await api.createUser('other@example.com', 'admin');
    const theirs = await api.post<InvokeBody>(
      '/a2a/core/invoke',
      { message: 'three', contextId },
      { token: other },
    );
    expect(answerText(theirs.body)).toBe(HELLO('three'));

    const [one, two, elsewhere, three] = invocations().map((i) => i.session);
    expect(two).toBe(one); // the same conversation stays in its microVM
    expect(elsewhere).not.toBe(one); // a new conversation gets its own
    expect(three).not.toBe(one); // another caller never shares a session, even with the same contextId
    expect(
      (invocations()[1].request.body as { params: { message: { contextId: string } } }).params.message
        .contextId,
    ).toBe(contextId);
  });

  it('streams the A2A server’s events through AgentCore', async () => {
    await register();
    const res = await api.sse('/a2a/core/stream', { message: 'stream:3' });
    expect(res.status).toBe(200);
    const streamed = streamedText(res.events);
    expect(streamed.state).toBe('TASK_STATE_COMPLETED');
    expect(res.events.filter((e) => e.data.artifactUpdate)).toHaveLength(3);
    const [call] = invocations();
    expect(call.method).toBe('SendStreamingMessage');
    expect(call.request.headers.accept).toBe('text/event-stream');
  });

  it('reads and cancels a long-running task in the session that created it', async () => {
    await register();
    const started = await api.post<InvokeBody>('/a2a/core/invoke', {
      message: 'long',
      configuration: { returnImmediately: true },
    });
    expect(started.status).toBe(200);
    const id = started.body.task?.id as string;
    expect(started.body.task?.status.state).toMatch(/^TASK_STATE_(SUBMITTED|WORKING)$/);
    const got = await api.get<NonNullable<InvokeBody['task']>>(`/a2a/core/tasks/${id}`);
    expect(got.status).toBe(200);
    expect(got.body.status.state).toBe('TASK_STATE_WORKING');
    const canceled = await api.post<NonNullable<InvokeBody['task']>>(`/a2a/core/tasks/${id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status.state).toBe('TASK_STATE_CANCELED');

    const calls = invocations();
    expect(calls.map((c) => c.method)).toEqual(['SendMessage', 'GetTask', 'CancelTask']);
    // Another session is another microVM, where the task does not exist (the fake enforces it).
    expect(new Set(calls.map((c) => c.session)).size).toBe(1);
  });

  it('answers A2A clients through the proxy, with the card the container serves', async () => {
    await register();
    const card = await api.get<{
      name: string;
      capabilities: { streaming: boolean };
      supportedInterfaces: { url: string }[];
    }>('/a2a/core/.well-known/agent-card.json');
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ name: 'Hello World Agent', capabilities: { streaming: true } });
    expect(card.body.supportedInterfaces[0].url).toContain('/a2a/core/jsonrpc');
    const rpc = await proxySend(api, 'core', 'via rpc');
    expect(rpc.status).toBe(200);
    expect(answerText(rpc.body.result)).toBe(HELLO('via rpc'));
  });

  it('speaks v0.3 JSON-RPC to a v0.3 A2A server behind AgentCore', async () => {
    await register({ name: 'core03', providerConfig: { agentRuntimeArn: AGENTCORE_V03_RUNTIME_ARN } });
    const res = await api.post<InvokeBody>('/a2a/core03/invoke', { message: 'ping' });
    expect(res.status).toBe(200);
    expect(answerText(res.body)).toBe(HELLO('ping'));
    const [call] = invocations();
    expect(call.request.path).toBe(INVOCATIONS(AGENTCORE_V03_RUNTIME_ARN));
    expect(call.method).toBe('message/send');
  });

  it.each(FAULT_MAPPINGS)('maps AgentCore answering %s to %i %s, naming the provider', async (...fault) => {
    await register();
    await expectFaultMapped(api, 'core', 'Bedrock AgentCore', fault);
  });

  it('retries a 503 before giving up, and never leaks the secret key', async () => {
    await register();
    const res = await api.post<ErrorBody>('/a2a/core/invoke', { message: 'fault:503' });
    expect(res.status).toBe(502);
    expect(invocations().length).toBeGreaterThan(1);
    expect(res.text).not.toContain(AWS_CREDENTIALS.secretAccessKey);
  });

  it('reports a wrong secret key (AgentCore: 403 InvalidSignatureException) as an authentication error', async () => {
    await register({
      auth: {
        ...AWS_CREDENTIALS,
        secretAccessKey: 'wrong/secret/key',
        region: AGENTCORE_REGION,
        service: 'bedrock-agentcore',
      },
    });
    const res = await api.post<ErrorBody>('/a2a/core/invoke', { message: 'hi' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('AUTHENTICATION_ERROR');
    expect(res.body.message).toContain('Bedrock AgentCore');
    expect(res.text).not.toContain('wrong/secret/key');
    expect(invocations()).toHaveLength(0); // refused at the card already
  });

  it('calls a runtime with OAuth inbound auth with its bearer token', async () => {
    await register({ authType: 'bearer', auth: { token: AGENTCORE_OAUTH_TOKEN } });
    const res = await api.post<InvokeBody>('/a2a/core/invoke', { message: 'oauth' });
    expect(res.status).toBe(200);
    expect(answerText(res.body)).toBe(HELLO('oauth'));
    expect(invocations()[0].request.headers.authorization).toBe(`Bearer ${AGENTCORE_OAUTH_TOKEN}`);
  });

  it('reports a refused bearer token as an authentication error', async () => {
    await register({ authType: 'bearer', auth: { token: 'not-the-token' } });
    const res = await api.post<ErrorBody>('/a2a/core/invoke', { message: 'hi' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('AUTHENTICATION_ERROR');
  });
});

describe('the fake’s SigV4 check, on AWS’s published example', () => {
  // aws-sig-v4-test-suite "post-x-www-form-urlencoded": a check that accepts this and refuses any change
  // to it is a real SigV4 verification, not an echo of the gateway's signer.
  const keys = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
  const scope = { region: 'us-east-1', service: 'service' };
  const signedAt = Date.UTC(2015, 7, 30, 12, 36, 0);
  const example = (change: Partial<FakeRequest> = {}) => ({
    method: 'POST',
    path: '/',
    query: new URLSearchParams(),
    raw: Buffer.from('Param1=value1'),
    ...change,
    headers: {
      host: 'example.amazonaws.com',
      'content-type': 'application/x-www-form-urlencoded',
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ' +
        'SignedHeaders=content-type;host;x-amz-date, ' +
        'Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
      ...change.headers,
    },
  });

  it('accepts the example as signed', () => {
    expect(verifySigV4(example(), keys, scope, signedAt + 60_000)).toBeUndefined();
  });

  it.each<[string, Partial<FakeRequest>, number, string]>([
    ['another body', { raw: Buffer.from('Param1=value2') }, signedAt, 'InvalidSignatureException'],
    ['another query', { query: new URLSearchParams('a=b') }, signedAt, 'InvalidSignatureException'],
    [
      'another signed header',
      { headers: { 'content-type': 'text/plain' } },
      signedAt,
      'InvalidSignatureException',
    ],
    ['six minutes later', {}, signedAt + 6 * 60_000, 'InvalidSignatureException'],
    [
      'no signature',
      { headers: { authorization: undefined } },
      signedAt,
      'MissingAuthenticationTokenException',
    ],
  ])('refuses it with %s', (_, change, now, type) => {
    expect(verifySigV4(example(change), keys, scope, now)).toMatchObject({ status: 403, type });
  });

  it('refuses the right signature for the wrong secret', () => {
    const other = { ...keys, secretAccessKey: createHash('sha256').update('x').digest('hex') };
    expect(verifySigV4(example(), other, scope, signedAt)).toMatchObject({
      type: 'InvalidSignatureException',
    });
  });
});
