import type { AgentPage, AgentRead, ConfigApplyResult, ServerPage } from '@switchboard/api-contract';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBoxService } from '../src/common/crypto/secret-box';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';

type ProblemBody = ErrorBody & {
  details: { file: string; problems: { line: number; column: number; path: string; message: string }[] };
};

const SECRET = 'file-s3cr3t-token-value';

/** The catalog as a client sees it: every agent and server, in full. */
async function catalogOf(api: TestApi) {
  const agents = await api.get<AgentPage>('/a2a?limit=200');
  const servers = await api.get<ServerPage>('/servers?limit=200');
  // Health and call counts move by themselves; the catalog is everything else.
  return {
    agents: agents.body.items.map(({ health: _h, metrics: _m, lastInteraction: _l, ...agent }) => agent),
    servers: servers.body.items,
  };
}

describe('Catalog file (AGENTS_FILE)', () => {
  let hello: HelloAgentProcess;
  let dir: string;
  let file: string;
  let api: TestApi;

  const write = (text: string) => writeFileSync(file, text);
  const reload = (query = '') => api.post<ConfigApplyResult & ProblemBody>(`/config/reload${query}`);

  const baseFile = () => `
version: 1
agents:
  - name: hello
    description: The hello agent, from the file
    endpointUrl: \${HELLO_URL}
    authType: bearer
    auth:
      token: \${HELLO_TOKEN}
    tags: [demo, file]
    rateLimitRpm: 600
  - name: second
    endpointUrl: \${HELLO_URL}
    enabled: false
servers:
  - name: from-file
    description: Two agents
    agents: [second, hello]
`;

  beforeAll(async () => {
    hello = await startHelloAgentProcess();
    dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    file = join(dir, 'switchboard.yaml');
    process.env.HELLO_URL = hello.url;
    process.env.HELLO_TOKEN = SECRET;
    write(baseFile());
    // The test database is shared with other spec files: start from an empty catalog, as a first start would.
    const cleaner = await TestApi.start();
    await cleaner.reset();
    await cleaner.close();
    api = await TestApi.start({ AGENTS_FILE: file, OUTBOUND_ALLOW_PRIVATE: 'true' });
  });
  afterAll(async () => {
    await api?.close();
    await hello?.close();
    rmSync(dir, { recursive: true, force: true });
    delete process.env.HELLO_URL;
    delete process.env.HELLO_TOKEN;
  });

  it('is applied at start: agents and servers by name, secrets from the environment, callable at once', async () => {
    const { agents, servers } = await catalogOf(api);
    expect(agents.map((a) => a.name)).toEqual(['hello', 'second']);
    const helloAgent = agents[0] as AgentRead;
    expect(helloAgent).toMatchObject({
      description: 'The hello agent, from the file',
      endpointUrl: hello.url,
      authType: 'bearer',
      hasAuth: true,
      tags: ['demo', 'file'],
      rateLimitRpm: 600,
      enabled: true,
      createdVia: 'config',
      createdBy: 'AGENTS_FILE',
    });
    expect(JSON.stringify(agents)).not.toContain(SECRET);
    const [{ auth_value }] = await api.db.query(`SELECT auth_value FROM agents WHERE name = 'hello'`);
    expect(api.app.get(SecretBoxService).openJson(auth_value)).toEqual({ token: SECRET });
    expect(agents[1]).toMatchObject({ name: 'second', enabled: false });
    expect(servers).toEqual([
      expect.objectContaining({
        name: 'from-file',
        description: 'Two agents',
        associatedAgents: [agents[1].id, agents[0].id],
      }),
    ]);

    const call = await api.post<{ text?: string }>('/a2a/hello/invoke', { message: 'hi from the file' });
    expect(call.status).toBe(200);
    expect(JSON.stringify(call.body)).toContain('hi from the file');
  });

  it('round-trips: export → AGENTS_FILE → reload gives the identical catalog', async () => {
    // Things the file never said: an agent and a server made through the API, an agent with an API key.
    const viaApi = await api.createAgent({
      name: 'made via api',
      endpointUrl: hello.url,
      description: 'Costs ${NOT_A_VARIABLE} literally',
      authType: 'api-key',
      auth: { apiKey: 'api-made-secret', headerName: 'X-Api-Key' },
      provider: 'a2a',
      capabilities: { streaming: true },
      pricing: { inputPerMillion: 0.5, outputPerMillion: 1.5 },
      timeoutMs: 1234,
    });
    const before = await catalogOf(api);
    expect(
      (await api.post('/servers', { name: 'made via api', associatedAgents: [viaApi.id], tags: ['x'] }))
        .status,
    ).toBe(201);
    const snapshot = await catalogOf(api);

    const exported = await api.get('/config/export');
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toContain('application/yaml');
    expect(exported.text).not.toContain(SECRET);
    expect(exported.text).not.toContain('api-made-secret');
    expect(exported.text).toContain('Costs $${NOT_A_VARIABLE} literally');
    expect(exported.text).toMatch(
      /# auth \(api-key\) is not exported.*auth: \{ apiKey: \$\{MADE_VIA_API_API_KEY\} \}/,
    );

    write(exported.text);
    const applied = await reload();
    expect(applied.status).toBe(200);
    expect(applied.body).toEqual({
      file,
      dryRun: false,
      agents: { created: [], updated: [], deleted: [], unchanged: 3 },
      servers: { created: [], updated: [], deleted: [], unchanged: 2 },
    });
    const after = await catalogOf(api);
    expect(after).toEqual(snapshot); // ids, versions, updatedAt: nothing was written
    expect(before.agents.length).toBe(3);

    const again = await api.get('/config/export');
    const body = (text: string) => text.replace(/exported \S+\./, 'exported <time>.');
    expect(body(again.text)).toEqual(body(exported.text));
    await api.put(`/a2a/${viaApi.id}`, { description: 'back to plain' });
  });

  it('reload follows the file: updates, creates, and deletes only what the file declared', async () => {
    const outsider = await api.createAgent({ name: 'outsider', endpointUrl: hello.url });
    write(`
agents:
  - name: hello
    description: edited in the file
    endpointUrl: \${HELLO_URL}
    authType: bearer
  - name: third
    endpointUrl: \${HELLO_URL}
servers:
  - name: from-file
    agents: [hello, third]
`);
    const planned = await reload('?dryRun=true');
    expect(planned.status).toBe(200);
    expect(planned.body).toMatchObject({
      dryRun: true,
      agents: { created: ['third'], updated: ['hello'], deleted: ['made via api', 'second'] },
      servers: { created: [], updated: ['from-file'], deleted: ['made via api'] },
    });
    expect((await catalogOf(api)).agents.map((a) => a.name)).toContain('second'); // nothing changed yet

    const applied = await reload();
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({
      dryRun: false,
      agents: { created: ['third'], updated: ['hello'], deleted: ['made via api', 'second'], unchanged: 0 },
    });
    const { agents, servers } = await catalogOf(api);
    expect(agents.map((a) => a.name)).toEqual(['hello', 'outsider', 'third']);
    const byName = new Map(agents.map((a) => [a.name, a]));
    expect(byName.get('hello')).toMatchObject({
      description: 'edited in the file',
      tags: [],
      rateLimitRpm: null,
      hasAuth: true, // auth left out, same authType: the stored secret is kept
      modifiedVia: 'config',
    });
    expect(byName.get('outsider')?.id).toBe(outsider.id);
    expect(servers.map((s) => [s.name, s.associatedAgents])).toEqual([
      ['from-file', [byName.get('hello')?.id, byName.get('third')?.id]],
    ]);
    expect((await api.post('/a2a/third/invoke', { message: 'new' })).status).toBe(200);
    expect((await api.post<ErrorBody>('/a2a/second/invoke', { message: 'gone' })).status).toBe(404);
  });

  it('refuses a broken file whole, naming file, line and column, and changes nothing', async () => {
    await api.createAgent({ name: 'stays', endpointUrl: hello.url }); // made through the API: never pruned
    const before = await catalogOf(api);
    const cases: { text: string; line: number; path: string; message: RegExp }[] = [
      // The parser sees the quote is missing where the file ends.
      {
        text: 'agents:\n  - name: a\n    endpointUrl: "unterminated\n',
        line: 4,
        path: '',
        message: /Missing closing "quote/,
      },
      {
        text: 'agents:\n  - name: a\n    endpointUrl: http://127.0.0.1:1/\n    colour: red\n',
        line: 4,
        path: 'agents[0].colour',
        message: /unknown field "colour"/,
      },
      {
        text: 'agents:\n  - name: ok\n    endpointUrl: http://127.0.0.1:1/\n  - name: b\n    endpointUrl: not a url\n',
        line: 5,
        path: 'agents[1].endpointUrl',
        message: /http\(s\) URL/,
      },
      {
        text: 'agents:\n  - name: c\n    endpointUrl: http://127.0.0.1:1/\n    authType: bearer\n    auth: { token: "${UNSET_TOKEN_VAR}" }\n',
        line: 5,
        path: 'agents[0].auth.token',
        message: /UNSET_TOKEN_VAR is not set/,
      },
      {
        text: 'agents:\n  - name: d\n    endpointUrl: http://127.0.0.1:1/\n    authType: bearer\n',
        line: 4,
        path: 'agents[0].authType',
        message: /auth is required for authType "bearer"/,
      },
      {
        text: 'agents:\n  - name: e\n    endpointUrl: http://127.0.0.1:1/\n  - name: e\n    endpointUrl: http://127.0.0.1:2/\n',
        line: 4,
        path: 'agents[1].name',
        message: /declared twice/,
      },
      {
        text: 'agents:\n  - name: x y\n    endpointUrl: http://127.0.0.1:1/\n  - name: x-y\n    endpointUrl: http://127.0.0.1:1/\n',
        line: 4,
        path: 'agents[1].name',
        message: /gives the slug "x-y", which agent "x y" uses/,
      },
      {
        text: 'servers:\n  - name: s\n    agents: [stays, nobody-here]\n',
        line: 3,
        path: 'servers[0].agents[1]',
        message: /no agent named "nobody-here"/,
      },
      {
        text: `agents:\n  - name: f\n    endpointUrl: http://127.0.0.1:1/\n    authType: bearer\n    auth: { token: "\${HELLO_TOKEN}" }\n    timeoutMs: 5\n`,
        line: 6,
        path: 'agents[0].timeoutMs',
        message: /100/,
      },
    ];
    for (const c of cases) {
      write(c.text);
      const res = await reload();
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('CONFIG_FILE_INVALID');
      expect(res.body.message).toContain(`${file}:${c.line}:`);
      expect(res.body.details.problems[0]).toMatchObject({ line: c.line, path: c.path });
      expect(res.body.details.problems[0].message).toMatch(c.message);
      expect(res.text).not.toContain(SECRET);
    }
    expect(await catalogOf(api)).toEqual(before);
  });

  it('applies the file atomically: a write refused half way changes nothing, and names the entry', async () => {
    write(baseFile());
    expect((await reload()).status).toBe(200);
    // The database refuses the third new agent: deletions and two creations have been written by then.
    await api.db.query(`
      CREATE FUNCTION test_refuse_atomic_3() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.name = 'atomic-3' THEN RAISE EXCEPTION 'this test refuses agent %', NEW.name; END IF;
        RETURN NEW;
      END $$`);
    await api.db.query(
      'CREATE TRIGGER test_refuse_atomic_3 BEFORE INSERT ON agents FOR EACH ROW EXECUTE FUNCTION test_refuse_atomic_3()',
    );
    try {
      const declared = () => api.db.query('SELECT kind, name FROM catalog_file_entries ORDER BY kind, name');
      const before = await catalogOf(api);
      const declaredBefore = await declared();
      expect(before.agents.map((a) => a.name)).toEqual(expect.arrayContaining(['hello', 'second']));
      write(
        [
          'agents:',
          '  - name: hello',
          '    description: edited again, never applied',
          '    endpointUrl: ${HELLO_URL}',
          '    authType: bearer',
          '  - name: atomic-1',
          '    endpointUrl: ${HELLO_URL}',
          '  - name: atomic-2',
          '    endpointUrl: ${HELLO_URL}',
          '  - name: atomic-3',
          '    endpointUrl: ${HELLO_URL}',
          'servers:',
          '  - name: from-file',
          '    agents: [hello, atomic-1]',
          '',
        ].join('\n'),
      );
      const planned = await reload('?dryRun=true');
      expect(planned.body).toMatchObject({
        agents: { created: ['atomic-1', 'atomic-2', 'atomic-3'], updated: ['hello'], deleted: ['second'] },
      });

      const res = await reload();
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CONFIG_FILE_NOT_APPLIED');
      expect(res.body.message).toContain(`${file}:10:5 agents[3] "atomic-3": `);
      expect(res.body.message).toContain('this test refuses agent atomic-3');
      expect(res.body.message).toContain('Nothing of the file was applied');
      expect(res.body.details).toMatchObject({ file, entry: 'agents[3] "atomic-3"', line: 10, column: 5 });
      expect(res.text).not.toContain(SECRET);

      // Nothing of the file: not the deletion, the first creations, the update, the server, the declared names.
      expect(await catalogOf(api)).toEqual(before);
      expect(await declared()).toEqual(declaredBefore);
      // And nothing was announced: the gateway still calls the agent that stays, and knows no new one.
      expect((await api.post('/a2a/second/invoke', { message: 'still here' })).status).toBe(409); // disabled
      expect((await api.post('/a2a/hello/invoke', { message: 'still here' })).status).toBe(200);
      expect((await api.post<ErrorBody>('/a2a/atomic-1/invoke', { message: 'never made' })).status).toBe(404);
    } finally {
      await api.db.query('DROP TRIGGER test_refuse_atomic_3 ON agents');
      await api.db.query('DROP FUNCTION test_refuse_atomic_3()');
    }
    // The same file, once the database takes it, is applied whole.
    const applied = await reload();
    expect(applied.status).toBe(200);
    expect(applied.body.agents).toMatchObject({
      created: ['atomic-1', 'atomic-2', 'atomic-3'],
      deleted: ['second'],
    });
    expect((await api.post('/a2a/atomic-1/invoke', { message: 'made now' })).status).toBe(200);
    expect((await api.post<ErrorBody>('/a2a/second/invoke', { message: 'gone' })).status).toBe(404);
  });

  it('is the admin’s: a viewer may export but not reload', async () => {
    const viewer = await api.createToken('viewer');
    expect((await api.get('/config/export', { token: viewer })).status).toBe(200);
    expect((await api.post<ErrorBody>('/config/reload', undefined, { token: viewer })).status).toBe(403);
    expect((await api.post<ErrorBody>('/config/reload?dryRun=maybe')).status).toBe(400);
  });
});

describe('Catalog file, refused or absent', () => {
  it('refuses to start on a broken file, listing every problem with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-config-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'agents:\n  - name: x\n    endpointUrl: ftp://nope/\n  - name: y\n');
    try {
      await expect(TestApi.start({ AGENTS_FILE: file })).rejects.toThrow(
        new RegExp(
          `${file}:3:18 agents\\[0\\]\\.endpointUrl: must be an http\\(s\\) URL[\\s\\S]*${file}:4:5`,
        ),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without AGENTS_FILE: reload is 409 naming the setting, export still works', async () => {
    const api = await TestApi.start();
    try {
      await api.reset();
      const res = await api.post<ErrorBody>('/config/reload');
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({ code: 'CONFIG_FILE_NOT_SET' });
      expect(res.body.message).toContain('AGENTS_FILE');
      const exported = await api.get('/config/export');
      expect(exported.status).toBe(200);
      expect(exported.text).toContain('version: 1');
    } finally {
      await api.close();
    }
  });
});
