import type { AgentRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from './harness';

describe('POST /a2a/:id/toggle with a target state', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(() => api.reset());
  afterAll(() => api.close());

  const toggle = (id: string, query = '', body?: unknown) =>
    api.post<AgentRead & ErrorBody>(`/a2a/${id}/toggle${query}`, body);

  it('sets the state a body asks for, whatever it was (a repeat changes nothing)', async () => {
    const agent = await api.createAgent({ enabled: true });
    const on = await toggle(agent.id, '', { enabled: true });
    expect(on.status).toBe(200);
    expect(on.body.enabled).toBe(true);
    const off = await toggle(agent.id, '', { enabled: false });
    expect(off.body.enabled).toBe(false);
    expect((await toggle(agent.id, '', { enabled: false })).body.enabled).toBe(false);
  });

  it('sets the state ?activate= asks for (ContextForge’s form)', async () => {
    const agent = await api.createAgent({ enabled: false });
    expect((await toggle(agent.id, '?activate=false')).body.enabled).toBe(false);
    expect((await toggle(agent.id, '?activate=true')).body.enabled).toBe(true);
    expect((await toggle(agent.id, '?activate=true')).body.enabled).toBe(true);
  });

  it('accepts query and body when they agree', async () => {
    const agent = await api.createAgent({ enabled: true });
    const res = await toggle(agent.id, '?activate=false', { enabled: false });
    expect(res.status).toBe(200);
    expect(res.body.enabled).toBe(false);
  });

  it('still flips without a target (no body, or an empty one)', async () => {
    const agent = await api.createAgent({ enabled: true });
    expect((await toggle(agent.id)).body.enabled).toBe(false);
    expect((await toggle(agent.id, '', {})).body.enabled).toBe(true);
  });

  it.each([
    ['query and body that disagree', '?activate=true', { enabled: false }, 'activate'],
    ['a non-boolean enabled', '', { enabled: 'yes' }, 'enabled'],
    ['a non-boolean activate', '?activate=1', undefined, 'activate'],
    ['an unknown body field', '', { active: true }, 'active'],
  ])('rejects %s with 400 naming it and changes nothing', async (_, query, body, field) => {
    const agent = await api.createAgent({ enabled: true });
    const res = await toggle(agent.id, query, body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
    expect((await api.get<AgentRead>(`/a2a/${agent.id}`)).body.enabled).toBe(true);
  });
});
