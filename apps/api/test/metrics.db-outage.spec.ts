import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi } from './harness';
import { FaultProxy } from './support/fault-proxy';

const OUTAGE_MS = 10_000;

describe('database outage under load: calls keep being served, metrics are written afterwards, none lost', () => {
  let api: TestApi;
  let agent: HelloAgentProcess;
  let proxy: FaultProxy;

  beforeAll(async () => {
    proxy = await FaultProxy.to(process.env.DATABASE_URL as string, 5432);
    agent = await startHelloAgentProcess();
    api = await TestApi.start({
      DATABASE_URL: proxy.urlFor(process.env.DATABASE_URL as string),
      METRICS_FLUSH_INTERVAL_MS: '200',
    });
    await api.reset();
    await api.createAgent({ name: 'steady', endpointUrl: agent.url, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await api.close();
    await proxy.close();
    await agent.close();
  });

  it(
    `survives ${OUTAGE_MS / 1000} s without PostgreSQL`,
    async () => {
      const statuses: number[] = [];
      let calling = true;
      const load = (async () => {
        while (calling) {
          const res = await api.post('/a2a/steady/invoke', { message: 'ping' });
          statuses.push(res.status);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();

      await new Promise((r) => setTimeout(r, 1000));
      await proxy.refuse();
      const cutAt = statuses.length;
      await new Promise((r) => setTimeout(r, 500));
      const ready = await api.get<{ database: string }>('/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.database).toBe('down');
      await new Promise((r) => setTimeout(r, OUTAGE_MS - 500));
      const duringOutage = statuses.length - cutAt;
      expect(api.recorder?.depth).toBeGreaterThan(0); // buffered, waiting for the database

      await proxy.pass();
      await new Promise((r) => setTimeout(r, 1000));
      calling = false;
      await load;

      expect((await api.get('/ready')).status).toBe(200);
      expect(duringOutage).toBeGreaterThan(50);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);

      await api.recorder?.flush();
      const [{ rows }] = await api.db.query(
        `SELECT count(*)::int AS rows FROM agent_metrics WHERE agent_name = 'steady' AND operation = 'send'`,
      );
      expect(rows).toBe(statuses.length); // every call recorded exactly once
      expect(api.recorder?.dropped).toBe(0);
    },
    OUTAGE_MS + 30_000,
  );
});
