import type { MetricsSummary } from '@switchboard/api-contract';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';
import { OPENAI_KEY, startOpenAIFake, type FakeServer } from '@switchboard/a2a-protocol/testing';

describe('cost: per-request and per-token prices, and budgets that block calls', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  let openai: FakeServer;

  beforeAll(async () => {
    [hello, openai] = await Promise.all([startHelloAgentProcess(), startOpenAIFake()]);
    api = await TestApi.start();
  });
  beforeEach(() => api.reset());
  afterAll(async () => {
    await api.close();
    await Promise.all([hello.close(), openai.close()]);
  });

  it('prices provider-reported tokens on top of the per-request cost', async () => {
    await api.createAgent({
      name: 'gpt',
      endpointUrl: `${openai.url}/v1`,
      provider: 'openai',
      providerConfig: { model: 'gpt-test' },
      authType: 'bearer',
      auth: { token: OPENAI_KEY },
      costPerRequest: 0.001,
      pricing: { inputPerMillion: 1000, outputPerMillion: 2000 },
    });
    expect((await api.post('/a2a/gpt/invoke', { message: 'hello' })).status).toBe(200);
    // The fake reports 10 input and 7 output tokens: 0.001 + 10 × 0.001 + 7 × 0.002.
    const expected = 0.001 + 0.01 + 0.014;
    const summary = await api.get<MetricsSummary>('/metrics');
    expect(summary.body.calls.cost).toBeCloseTo(expected, 6);
    expect(summary.body.calls).toMatchObject({ inputTokens: 10, outputTokens: 7 });
    expect(api.gateway?.stats().agents.gpt.cost).toBeCloseTo(expected, 6);
  });

  it('estimates tokens from the text (≈ 4 characters each) when a priced agent reports none', async () => {
    await api.createAgent({
      name: 'plain',
      endpointUrl: hello.url,
      pricing: { inputPerMillion: 500_000, outputPerMillion: 1_000_000 },
    });
    const res = await api.post<{ task: { artifacts: { parts: { text: string }[] }[] } }>(
      '/a2a/plain/invoke',
      {
        message: 'ping',
      },
    );
    const answer = res.body.task.artifacts.flatMap((a) => a.parts.map((p) => p.text)).join('');
    const output = Math.ceil(answer.length / 4);
    const summary = await api.get<MetricsSummary>('/metrics');
    expect(summary.body.calls).toMatchObject({ inputTokens: 1, outputTokens: output });
    expect(summary.body.calls.cost).toBeCloseTo(0.5 + output, 6);
  });

  it('refuses calls with 402 once the day’s budget is spent, also after a restart', async () => {
    await api.createAgent({
      name: 'metered',
      endpointUrl: hello.url,
      costPerRequest: 1,
      budget: { perDay: 2 },
    });
    for (let i = 0; i < 2; i++)
      expect((await api.post('/a2a/metered/invoke', { message: 'ping' })).status).toBe(200);
    const refused = await api.post<ErrorBody>('/a2a/metered/invoke', { message: 'ping' });
    expect(refused.status).toBe(402);
    expect(refused.body.code).toBe('BUDGET_EXCEEDED');
    expect(refused.body.message).toContain('budget for the day (2 of 2)');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);

    // A new process starts from what the database says was spent today (the old one's rows written).
    await api.recorder?.flush();
    const again = await TestApi.start();
    try {
      expect((await again.post<ErrorBody>('/a2a/metered/invoke', { message: 'ping' })).body.code).toBe(
        'BUDGET_EXCEEDED',
      );
    } finally {
      await again.close();
    }
  });

  it.each([
    [{ budget: {} }, 'budget'],
    [{ budget: { perMonth: -1 } }, 'budget.perMonth'],
    [{ pricing: { inputPerMillion: 1 } }, 'pricing.outputPerMillion'],
  ])('refuses %j with 400 naming %s', async (body, path) => {
    const res = await api.post<ErrorBody>('/a2a', { name: 'x', endpointUrl: hello.url, ...body });
    expect(res.status).toBe(400);
    expect(res.body.details?.issues?.map((i) => i.path)).toContain(path);
  });
});
