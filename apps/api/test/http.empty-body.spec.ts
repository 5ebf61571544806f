import { TestApi, validAgent, type ErrorBody } from './harness';

/** Clients (curl -H 'content-type: application/json', Swagger UI, fetch wrappers) send bodiless requests so. */
const EMPTY_JSON = { rawBody: '', headers: { 'content-type': 'application/json' } };

describe('requests without a body', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(async () => {
    await api.close();
  });

  it('POST /metrics/reset takes no body, none at all or an empty one with a JSON content type', async () => {
    expect((await api.request('POST', '/metrics/reset')).status).toBe(204);
    expect((await api.request('POST', '/metrics/reset', EMPTY_JSON)).status).toBe(204);
  });

  it('DELETE with a JSON content type and an empty body deletes', async () => {
    const created = await api.post<{ id: string }>('/a2a', validAgent({ name: 'empty-body-delete' }));
    expect(created.status).toBe(201);
    const removed = await api.request('DELETE', `/a2a/${created.body.id}`, EMPTY_JSON);
    expect(removed.status).toBe(204);
    expect((await api.get(`/a2a/${created.body.id}`)).status).toBe(404);
  });

  it('a route that needs a body answers 400 naming each missing field', async () => {
    const res = await api.request<ErrorBody>('POST', '/a2a', EMPTY_JSON);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.text).toContain('name');
  });

  it('whitespace only is no body too, and malformed JSON is still a 400', async () => {
    const blank = { rawBody: ' \n ', headers: { 'content-type': 'application/json' } };
    expect((await api.request('POST', '/metrics/reset', blank)).status).toBe(204);
    const broken = await api.request<ErrorBody>('POST', '/metrics/reset', {
      rawBody: '{"agentId":',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.status).toBe(400);
  });
});
