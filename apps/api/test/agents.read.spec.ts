import type { AgentPage, AgentRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from './harness';

describe('GET /a2a and /a2a/:id', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
    await api.reset();
    await api.createAgent({ name: 'alpha', tags: ['prod', 'search'], description: 'Finds documents' });
    await api.createAgent({
      name: 'bravo',
      tags: ['prod'],
      enabled: false,
      endpointUrl: 'https://bravo.example.com/',
    });
    await api.createAgent({ name: 'charlie', tags: ['staging'] });
    await api.createAgent({
      name: 'delta',
      tags: [],
      description: '100% pure_search',
      provider: 'openai',
      providerConfig: { model: 'gpt-test' },
    });
    await api.createAgent({ name: 'echo', tags: ['prod'] });
  });
  afterAll(() => api.close());

  const names = (page: AgentPage) => page.items.map((a) => a.name);

  it('lists every agent ordered by name', async () => {
    const res = await api.get<AgentPage>('/a2a');
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
    expect(res.body.nextCursor).toBeNull();
  });

  it.each([
    ['tag', '?tag=prod', ['alpha', 'bravo', 'echo']],
    ['enabled=false', '?enabled=false', ['bravo']],
    ['enabled=true and tag', '?enabled=true&tag=prod', ['alpha', 'echo']],
    ['text in the description', '?q=documents', ['alpha']],
    ['text in a tag', '?q=stag', ['charlie']],
    ['text in the endpoint', '?q=bravo.example', ['bravo']],
    ['LIKE wildcards taken literally', '?q=100%25', ['delta']],
    ['underscore taken literally', '?q=pure_s', ['delta']],
    ['a tag nobody has', '?tag=none', []],
    ['provider', '?provider=openai', ['delta']],
    ['provider and enabled', '?provider=a2a&enabled=false', ['bravo']],
  ])('filters by %s', async (_, query, expected) => {
    const res = await api.get<AgentPage>(`/a2a${query}`);
    expect(res.status).toBe(200);
    expect(names(res.body)).toEqual(expected);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { body: AgentPage } = await api.get<AgentPage>(
        `/a2a?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...names(res.body));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo']);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=1000', 'limit'],
    ['limit=abc', 'limit'],
    ['enabled=maybe', 'enabled'],
    ['provider=nope', 'provider'],
    ['cursor=%25%25%25', 'cursor'],
    ['sort=name', 'sort'],
  ])('rejects ?%s with 400 naming the parameter', async (query, field) => {
    const res = await api.get<ErrorBody>(`/a2a?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('returns one agent by id', async () => {
    const [first] = (await api.get<AgentPage>('/a2a?limit=1')).body.items;
    const res = await api.get<AgentRead>(`/a2a/${first.id}`);
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('alpha');
  });

  it('answers 404 naming a reference that is no agent’s id, name or slug, and 400 to an over-long one', async () => {
    const missing = await api.get<ErrorBody>('/a2a/6f1c1d2e-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('AGENT_NOT_FOUND');
    const unknownName = await api.get<ErrorBody>('/a2a/not-a-uuid');
    expect(unknownName.status).toBe(404);
    expect(unknownName.body.message).toContain('"not-a-uuid"');
    const overLong = await api.get<ErrorBody>(`/a2a/${'x'.repeat(101)}`);
    expect(overLong.status).toBe(400);
    expect(overLong.body.message).toContain('id');
  });

  it('lets a viewer read', async () => {
    const viewer = await api.createToken('viewer');
    const res = await api.get<AgentPage>('/a2a', { token: viewer });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(5);
  });
});
