import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi } from './harness';

/** The parts of OpenAPI 3 this spec reads. */
interface SchemaObject {
  $ref?: string;
  type?: string | string[];
  format?: string;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  properties?: Record<string, SchemaObject>;
  items?: SchemaObject;
  allOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  oneOf?: SchemaObject[];
}
interface Operation {
  parameters?: { name: string; in: string; required?: boolean; example?: unknown; schema?: SchemaObject }[];
  requestBody?: { content: Record<string, { schema?: SchemaObject; example?: unknown }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, SchemaObject> };
}

/**
 * The value Swagger UI's "Try it out" puts in a field, as its sampler makes it: the field's example, else its
 * default, else its first enum value, else a placeholder of its type ("string", 0 or the minimum, true; every
 * property of an object, one item of an array).
 */
function sample(schema: SchemaObject | undefined, doc: OpenApi, depth = 0): unknown {
  if (!schema || depth > 12) return undefined;
  if (schema.$ref) return sample(doc.components.schemas[schema.$ref.split('/').pop()!], doc, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((s) => sample(s, doc, depth + 1) as object));
  }
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives)
    return sample(alternatives.find((s) => s.type !== 'null') ?? alternatives[0], doc, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, doc, depth + 1)]),
    );
  }
  if (type === 'array') return [sample(schema.items, doc, depth + 1)];
  if (type === 'integer' || type === 'number') return Math.max(0, schema.minimum ?? 0);
  if (type === 'boolean') return true;
  if (schema.format === 'uuid') return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
  if (schema.format === 'date-time') return new Date().toISOString();
  if (schema.format === 'email') return 'user@example.com';
  return 'string';
}

describe('every OpenAPI example runs as-is', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  beforeAll(async () => {
    hello = await startHelloAgentProcess('1.0');
    api = await TestApi.start();
  });
  afterAll(async () => {
    await api.close();
    await hello.close();
  });

  it('sends each operation’s example body: no 5xx, no invalid example, no placeholder taken for a task', async () => {
    const doc = (await api.get<OpenApi>('/docs/openapi.json', { token: null })).body;
    // The examples name the bundled demo agent at its default address; here it listens on a port of its own.
    const demoAddress = /(?:localhost|127\.0\.0\.1):9999\//g;
    const here = hello.url.replace(/^http:\/\//, '');
    const agent = await api.createAgent({ name: 'examples_agent', endpointUrl: hello.url });
    const call = await api.post<{ task: { id: string } }>(`/a2a/${agent.name}/invoke`, { message: 'hi' });
    expect(call.status).toBe(200);
    const server = await api.post<{ id: string }>('/servers', { name: 'examples-server' });
    const token = await api.post<{ id: string }>('/auth/tokens', { name: 'examples-token', role: 'viewer' });
    const pathValues = (path: string): Record<string, string> => ({
      id:
        path.startsWith('/servers') || path.includes('/servers/')
          ? server.body.id
          : path.startsWith('/auth/tokens')
            ? token.body.id
            : agent.id,
      name: agent.name,
      slug: agent.slug,
      taskId: call.body.task.id,
    });

    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    // Deletes last, so that every other example finds what it names.
    operations.sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    const failures: string[] = [];
    for (const { path, method, op } of operations) {
      const values = pathValues(path);
      let url = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name]));
      const query = new URLSearchParams();
      for (const p of op.parameters ?? []) {
        const example = p.example ?? p.schema?.example;
        if (p.in === 'query' && example !== undefined) query.set(p.name, String(example));
      }
      if (query.size) url += `?${query}`;
      const json = op.requestBody?.content['application/json'];
      const body = json ? (json.example ?? sample(json.schema, doc)) : undefined;
      const sent =
        body === undefined ? undefined : JSON.parse(JSON.stringify(body).replace(demoAddress, `${here}`));
      const res = await api.request<{ code?: string }>(method, url, { body: sent });
      // An example that fails validation, or that names a task or agent that cannot exist, is a broken one.
      if (res.status >= 500 || ['TASK_NOT_FOUND', 'VALIDATION_FAILED'].includes(res.body?.code ?? '')) {
        failures.push(`${method} ${path} ${JSON.stringify(sent)} → ${res.status} ${res.text.slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
