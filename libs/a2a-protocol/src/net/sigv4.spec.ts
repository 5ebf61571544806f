/**
 * The signer against AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite, as in
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html): same credentials, date and
 * requests, so the Authorization header must match AWS's expected value byte for byte. Then the signer
 * as OutboundHttp uses it: on the request actually sent, for an agent with `aws-sigv4` credentials.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentSpec } from '../gateway/agent-config';
import { OutboundHttp } from './outbound-http';
import { OutboundPolicy } from './outbound-policy';
import { signAwsSigV4, type AwsSigV4Credentials } from './sigv4';

const SUITE: AwsSigV4Credentials = {
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  service: 'service',
};
const SUITE_DATE = new Date('2015-08-30T12:36:00Z');
const SCOPE = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request';
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRq' +
  'TflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9' +
  'HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSY' +
  'vKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

describe('signAwsSigV4: the AWS SigV4 test suite', () => {
  it.each<[string, string, string, Record<string, string>, string | undefined, string, string]>([
    [
      'get-vanilla',
      'GET',
      'https://example.amazonaws.com/',
      {},
      undefined,
      'host;x-amz-date',
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    ],
    [
      'get-vanilla-query-order-key-case',
      'GET',
      'https://example.amazonaws.com/?Param2=value2&Param1=value1',
      {},
      undefined,
      'host;x-amz-date',
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    ],
    [
      'post-vanilla',
      'POST',
      'https://example.amazonaws.com/',
      {},
      undefined,
      'host;x-amz-date',
      '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    ],
    [
      'post-x-www-form-urlencoded',
      'POST',
      'https://example.amazonaws.com/',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'Param1=value1',
      'content-type;host;x-amz-date',
      'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a',
    ],
  ])('%s', async (_, method, url, headers, body, signedHeaders, signature) => {
    const signed = await signAwsSigV4(SUITE, { method, url: new URL(url), headers, body }, SUITE_DATE);
    expect(signed['x-amz-date']).toBe('20150830T123600Z');
    expect(signed.host).toBe('example.amazonaws.com');
    expect(signed.authorization).toBe(`${SCOPE}, SignedHeaders=${signedHeaders}, Signature=${signature}`);
  });

  it('post-sts-header-before: temporary credentials sign their session token', async () => {
    const signed = await signAwsSigV4(
      { ...SUITE, sessionToken: STS_TOKEN },
      { method: 'POST', url: new URL('https://example.amazonaws.com/'), headers: {} },
      SUITE_DATE,
    );
    expect(signed['x-amz-security-token']).toBe(STS_TOKEN);
    expect(signed.authorization).toBe(
      `${SCOPE}, SignedHeaders=host;x-amz-date;x-amz-security-token, ` +
        'Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
    );
  });
});

describe('OutboundHttp signs aws-sigv4 agents’ requests as sent', () => {
  let server: ReturnType<typeof createServer>;
  let origin: string;
  const seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers, body });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('signs the final URL (with its query), the headers and the body, the same as the signer alone', async () => {
    const credentials = { ...SUITE, service: 'bedrock-agentcore', sessionToken: 'tok' };
    const agent = {
      name: 'signed',
      url: origin,
      provider: 'bedrock-agentcore',
      authType: 'aws-sigv4',
      credentials: () => credentials,
      headers: { 'x-extra': 'kept' },
    } as unknown as AgentSpec;
    const http = new OutboundHttp({ policy: new OutboundPolicy(true) });
    const path = `/runtimes/${encodeURIComponent('arn:aws:bedrock-agentcore:us-east-1:1:runtime/x')}/invocations`;
    const before = new Date();
    const response = await http.fetchFor(agent)(`${origin}${path}?qualifier=DEFAULT`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0"}',
    });
    await http.close();
    expect(await response.text()).toBe('ok');
    const [sent] = seen;
    expect(sent.url).toBe(`${path}?qualifier=DEFAULT`);
    const authorization = String(sent.headers.authorization);
    expect(authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock-agentcore\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-extra, Signature=[0-9a-f]{64}$/,
    );
    expect(sent.headers['x-amz-security-token']).toBe('tok');
    // Re-signing what the server received, at the date it carries, gives the same signature.
    const date = String(sent.headers['x-amz-date']);
    const at = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
    );
    expect(at.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    const again = await signAwsSigV4(
      credentials,
      {
        method: 'POST',
        url: new URL(`${origin}${sent.url}`),
        headers: { 'content-type': 'application/json', 'x-extra': 'kept' },
        body: sent.body,
      },
      at,
    );
    expect(authorization).toBe(again.authorization);
    expect(JSON.stringify(sent.headers)).not.toContain(SUITE.secretAccessKey);
  });
});
