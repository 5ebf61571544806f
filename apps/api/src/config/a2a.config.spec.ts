import { loadA2aConfig } from './a2a.config';

describe("ContextForge's MCPGATEWAY_A2A_* names", () => {
  it('set the same settings as ours (the timeout in seconds, booleans in any case)', () => {
    const config = loadA2aConfig({
      MCPGATEWAY_A2A_ENABLED: 'True',
      MCPGATEWAY_A2A_MAX_AGENTS: '100',
      MCPGATEWAY_A2A_DEFAULT_TIMEOUT: '30',
      MCPGATEWAY_A2A_MAX_RETRIES: '2',
      MCPGATEWAY_A2A_METRICS_ENABLED: 'off',
    });
    expect(config).toMatchObject({
      enabled: true,
      maxAgents: 100,
      defaultTimeoutMs: 30_000,
      maxRetries: 2,
      metrics: { enabled: false },
    });
  });

  it('turns the catalog off like A2A_ENABLED=false', () => {
    expect(loadA2aConfig({ MCPGATEWAY_A2A_ENABLED: 'false' }).enabled).toBe(false);
  });

  it('agree with ours when both are set', () => {
    const config = loadA2aConfig({ A2A_MAX_AGENTS: '5', MCPGATEWAY_A2A_MAX_AGENTS: '5' });
    expect(config.maxAgents).toBe(5);
  });

  it('stop the boot naming both when they disagree with ours', () => {
    expect(() =>
      loadA2aConfig({ A2A_DEFAULT_TIMEOUT_MS: '1000', MCPGATEWAY_A2A_DEFAULT_TIMEOUT: '30' }),
    ).toThrow(/A2A_DEFAULT_TIMEOUT_MS=1000 and MCPGATEWAY_A2A_DEFAULT_TIMEOUT=30 disagree/);
  });

  it('name the variable the operator wrote when its value is bad', () => {
    expect(() => loadA2aConfig({ MCPGATEWAY_A2A_MAX_RETRIES: 'many' })).toThrow(
      /MCPGATEWAY_A2A_MAX_RETRIES \(A2A_MAX_RETRIES\): /,
    );
    expect(() => loadA2aConfig({ MCPGATEWAY_A2A_DEFAULT_TIMEOUT: '0.01' })).toThrow(
      /MCPGATEWAY_A2A_DEFAULT_TIMEOUT \(A2A_DEFAULT_TIMEOUT_MS\): /,
    );
  });
});
