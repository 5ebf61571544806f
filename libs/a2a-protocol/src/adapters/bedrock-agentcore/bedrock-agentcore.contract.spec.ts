import { createHash } from 'node:crypto';
import { A2AErrorCode } from '../../errors/a2a-error';
import type { Task } from '../../types/a2a.schemas';
import type { FakeRequest } from '../testing/fake-http';
import { helloReply } from '../testing/a2a-agent.fake';
import {
  answerText,
  collect,
  contractSetup,
  describeProviderContract,
  failureOf,
  FAULT_CODES,
  type AgentFixture,
} from '../testing/provider-contract';
import {
  AGENTCORE_OAUTH_TOKEN,
  AGENTCORE_REGION,
  AGENTCORE_RUNTIME_ARN,
  AGENTCORE_V03_RUNTIME_ARN,
  AWS_CREDENTIALS,
  startBedrockAgentCoreFake,
  verifySigV4,
  type AgentCoreFake,
} from './bedrock-agentcore.fake';

const INVOCATIONS = (arn: string) => `/runtimes/${encodeURIComponent(arn)}/invocations`;
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=AKIAFAKEAGENTCORE042\/\d{8}\/us-east-1\/bedrock-agentcore\/aws4_request, /;
const sigv4 = (secretAccessKey = AWS_CREDENTIALS.secretAccessKey) => ({
  authType: 'aws-sigv4' as const,
  auth: { ...AWS_CREDENTIALS, secretAccessKey, region: AGENTCORE_REGION, service: 'bedrock-agentcore' },
});
const agent = (fake: { url: string }): AgentFixture => ({
  name: 'core',
  url: fake.url,
  provider: 'bedrock-agentcore',
  providerConfig: { agentRuntimeArn: AGENTCORE_RUNTIME_ARN },
  ...sigv4(),
});
/** The calls that reached InvokeAgentRuntime (not the card reads), with their JSON-RPC method and session. */
const invocations = (fake: AgentCoreFake) =>
  fake.requests
    .filter((r) => r.method === 'POST')
    .map((r) => ({ request: r, method: (r.body as { method?: string }).method, session: fake.sessionOf(r) }));
const expectSigned = (request: FakeRequest) => {
  expect(request.query.get('qualifier')).toBe('DEFAULT');
  expect(request.headers.authorization).toMatch(SIGV4);
  expect(request.headers['x-amz-security-token']).toBe(AWS_CREDENTIALS.sessionToken);
};
const taskOf = (answer: unknown) => (answer as { task: Task }).task;

describeProviderContract<AgentCoreFake>({
  provider: 'bedrock-agentcore',
  variant: 'an A2A server on AgentCore Runtime',
  startFake: startBedrockAgentCoreFake,
  agent,
  storedConfig: { agentRuntimeArn: AGENTCORE_RUNTIME_ARN, qualifier: 'DEFAULT' },
  badConfigs: [
    [{}, 'providerConfig.agentRuntimeArn'],
    [
      { agentRuntimeArn: 'arn:aws:bedrock:us-east-1:123456789012:agent/ABC' },
      'providerConfig.agentRuntimeArn',
    ],
    [{ agentRuntimeArn: AGENTCORE_RUNTIME_ARN, qualifier: 'not valid' }, 'providerConfig.qualifier'],
    [{ agentRuntimeArn: AGENTCORE_RUNTIME_ARN, region: 'us-east-1' }, 'providerConfig'],
  ],
  // AgentCore answers 403 InvalidSignatureException.
  wrongCredentials: () => sigv4('wrong/secret/key'),
  secrets: [AWS_CREDENTIALS.secretAccessKey],
  reply: (text) => helloReply(text),
  messageCalls: (fake) => fake.requests.filter((r) => r.method === 'POST'),
  expectRequest: (request, text, stream) => {
    expect(request.path).toBe(INVOCATIONS(AGENTCORE_RUNTIME_ARN));
    expectSigned(request);
    expect(request.body).toMatchObject({
      jsonrpc: '2.0',
      method: stream ? 'SendStreamingMessage' : 'SendMessage',
      params: { message: { parts: [{ text }] } },
    });
    expect(request.headers['x-amzn-bedrock-agentcore-runtime-session-id']).toMatch(/^[0-9a-f]{64}$/);
    if (stream) expect(request.headers.accept).toBe('text/event-stream');
  },
  answersTask: true,
  streamChunks: 1,
  // The container keeps no history; the runtime sessions a conversation keeps are checked below.
  conversations: 'none',
  card: { name: 'Hello World Agent', streaming: true },
  faults: FAULT_CODES,
  slow: { text: 'fault:hang', onTheWire: true },
});

describe('provider bedrock-agentcore: what only AgentCore Runtime does', () => {
  const t = contractSetup<AgentCoreFake>({ startFake: startBedrockAgentCoreFake, agent });

  it('reads the card through GetAgentCard, then calls InvokeAgentRuntime, both signed (never the container’s URL)', async () => {
    const name = t.register();
    await t.gateway.sendMessage(name, 'hello');
    const [card, call] = t.fake.requests;
    expect(`${card.method} ${card.path}`).toBe(
      `GET ${INVOCATIONS(AGENTCORE_RUNTIME_ARN)}/.well-known/agent-card.json`,
    );
    expect(call.path).toBe(INVOCATIONS(AGENTCORE_RUNTIME_ARN));
    for (const request of [card, call]) expectSigned(request);
  });

  it('keeps one runtime session per conversation and per caller', async () => {
    const name = t.register();
    const first = taskOf(await t.gateway.sendMessage(name, 'one', { callerId: 'alice' }));
    await t.gateway.sendMessage(name, 'two', { callerId: 'alice', contextId: first.contextId });
    await t.gateway.sendMessage(name, 'elsewhere', { callerId: 'alice' });
    await t.gateway.sendMessage(name, 'three', { callerId: 'bob', contextId: first.contextId });
    const [one, two, elsewhere, three] = invocations(t.fake).map((i) => i.session);
    expect(two).toBe(one); // the same conversation stays in its microVM
    expect(elsewhere).not.toBe(one); // a new conversation gets its own
    expect(three).not.toBe(one); // another caller never shares a session, even with the same contextId
    const sent = invocations(t.fake)[1].request.body as { params: { message: { contextId: string } } };
    expect(sent.params.message.contextId).toBe(first.contextId);
  });

  it('streams the A2A server’s events through AgentCore', async () => {
    const name = t.register();
    const events = await collect(t.gateway.sendMessageStream(name, 'stream:3'));
    expect(events.filter((e) => 'artifactUpdate' in e)).toHaveLength(3);
    expect(invocations(t.fake)[0].method).toBe('SendStreamingMessage');
  });

  it('reads and cancels a long-running task in the session that created it', async () => {
    const name = t.register();
    const started = taskOf(
      await t.gateway.send(name, {
        message: { messageId: 'm-long', role: 'ROLE_USER', parts: [{ text: 'long' }] },
        configuration: { returnImmediately: true },
      }),
    );
    expect(started.status.state).toMatch(/^TASK_STATE_(SUBMITTED|WORKING)$/);
    expect((await t.gateway.getTask(name, started.id)).status.state).toBe('TASK_STATE_WORKING');
    expect((await t.gateway.cancelTask(name, started.id)).status.state).toBe('TASK_STATE_CANCELED');
    const calls = invocations(t.fake);
    expect(calls.map((c) => c.method)).toEqual(['SendMessage', 'GetTask', 'CancelTask']);
    // Another session is another microVM, where the task does not exist (the fake enforces it).
    expect(new Set(calls.map((c) => c.session)).size).toBe(1);
  });

  it('speaks v0.3 JSON-RPC to a v0.3 A2A server behind AgentCore', async () => {
    const name = t.register({
      name: 'core03',
      providerConfig: { agentRuntimeArn: AGENTCORE_V03_RUNTIME_ARN },
    });
    expect(answerText(await t.gateway.sendMessage(name, 'ping'))).toBe(helloReply('ping'));
    const [call] = invocations(t.fake);
    expect(call.request.path).toBe(INVOCATIONS(AGENTCORE_V03_RUNTIME_ARN));
    expect(call.method).toBe('message/send');
  });

  it('refuses a wrong secret key at the card already, naming the provider', async () => {
    const name = t.register(sigv4('wrong/secret/key'));
    const error = await failureOf(t.gateway.sendMessage(name, 'hi'));
    expect(error.code).toBe(A2AErrorCode.AuthenticationError);
    expect(error.message).toContain('Bedrock AgentCore');
    expect(invocations(t.fake)).toHaveLength(0);
  });

  it('calls a runtime with OAuth inbound auth with its bearer token', async () => {
    const name = t.register({ authType: 'bearer', auth: { token: AGENTCORE_OAUTH_TOKEN } });
    expect(answerText(await t.gateway.sendMessage(name, 'oauth'))).toBe(helloReply('oauth'));
    expect(invocations(t.fake)[0].request.headers.authorization).toBe(`Bearer ${AGENTCORE_OAUTH_TOKEN}`);
  });

  it('reports a refused bearer token as an authentication error', async () => {
    const name = t.register({ authType: 'bearer', auth: { token: 'not-the-token' } });
    expect((await failureOf(t.gateway.sendMessage(name, 'hi'))).code).toBe(A2AErrorCode.AuthenticationError);
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
