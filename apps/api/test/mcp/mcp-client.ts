import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ServerRead } from '@switchboard/api-contract';
import type { TestApi } from '../harness';

/** The official SDK client over Streamable HTTP, signed in with `token`. */
export async function connectMcp(url: string, token: string, name = 'switchboard-test'): Promise<Client> {
  const client = new Client({ name, version: '1.0.0' }, { capabilities: {} });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return client;
}

export async function createServer(
  api: TestApi,
  body: Record<string, unknown>,
  token?: string,
): Promise<ServerRead> {
  const res = await api.post<ServerRead>('/servers', body, token ? { token } : {});
  if (res.status !== 201) throw new Error(`server creation failed: ${res.status} ${res.text}`);
  return res.body;
}

/** Resolves when `predicate` holds, polling every 20 ms; fails after `ms`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
