import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AgentCreateInput, AgentRead, ApiError } from '@switchboard/api-contract';
import { DataSource } from 'typeorm';
import { A2AGateway } from '@switchboard/a2a-protocol/gateway';
import { createApp } from '../src/app.factory';
import { METRICS_RECORDER, type MetricsRecorder } from '../src/metrics/metrics-recorder';
import { hashPassword } from '../src/auth/utils/password.util';

export const ADMIN = { email: 'admin@example.com', password: 'changeme' };

/** Defaults for every test app; a spec overrides what it is about. */
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DEMO_AGENT: 'false',
  LOGIN_RATE_LIMIT: '1000',
  // No background probes: a spec's agents change state only through what it does (health specs opt in).
  HEALTH_CHECK_INTERVAL_MS: '0',
  // Nor a registration's reachability check: an agent sees only the requests a spec makes (one spec opts in).
  A2A_ENDPOINT_CHECK_TIMEOUT_MS: '0',
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
};

export interface Reply<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string | null;
  body?: unknown;
  /** Sent as-is (for malformed JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** The API over HTTP with fetch, signed in as the admin: any Switchboard process (in this one, or a replica). */
export class HttpApi {
  adminToken = '';

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    const token = options.token === undefined ? this.adminToken : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (HTML docs page, plain text)
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T = unknown>(path: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', path, { ...options, body });
  }
  delete<T = unknown>(path: string, options?: RequestOptions) {
    return this.request<T>('DELETE', path, options);
  }

  async login(email: string, password: string): Promise<string> {
    const res = await this.post<{ accessToken: string }>('/auth/login', { email, password }, { token: null });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${res.text}`);
    return res.body.accessToken;
  }

  /** POST and read the answer as Server-Sent Events. */
  async sse(path: string, body: unknown, options: { token?: string; headers?: Record<string, string> } = {}) {
    const res = await fetch(this.baseUrl + path, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        authorization: `Bearer ${options.token ?? this.adminToken}`,
        ...options.headers,
      },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    const events = text
      .split('\n\n')
      .filter((block) => block.trim())
      .map((block) => {
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        return { event, data: JSON.parse(data) as Record<string, unknown> };
      });
    return { status: res.status, headers: res.headers, events, text };
  }

  async createToken(role: 'admin' | 'viewer', name = `${role}-token`): Promise<string> {
    const res = await this.post<{ token: string }>('/auth/tokens', { name, role });
    if (res.status !== 201) throw new Error(`token creation failed: ${res.status} ${res.text}`);
    return res.body.token;
  }

  /** Registers an agent; answers it as `GET /a2a/:id` shows it (without the registration's `warnings`). */
  async createAgent(overrides: Partial<AgentCreateInput> = {}): Promise<AgentRead> {
    const res = await this.post<AgentRead>('/a2a', { ...validAgent(), ...overrides });
    if (res.status !== 201) throw new Error(`agent creation failed: ${res.status} ${res.text}`);
    return asStored(res.body);
  }
}

/** The real app on an ephemeral loopback port, driven over HTTP with fetch. */
export class TestApi extends HttpApi {
  private constructor(
    readonly app: NestFastifyApplication,
    baseUrl: string,
  ) {
    super(baseUrl);
  }

  static async start(env: Record<string, string> = {}): Promise<TestApi> {
    const overrides = { ...TEST_ENV, ...env };
    const saved = Object.fromEntries(Object.keys(overrides).map((k) => [k, process.env[k]]));
    Object.assign(process.env, overrides);
    let app: NestFastifyApplication;
    try {
      app = await createApp();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const api = new TestApi(app, `http://127.0.0.1:${port}`);
    api.adminToken = await api.login(ADMIN.email, ADMIN.password);
    return api;
  }

  get db(): DataSource {
    return this.app.get(DataSource);
  }

  /** The gateway pipeline (absent when A2A_ENABLED=false). */
  get gateway(): A2AGateway | undefined {
    try {
      return this.app.get(A2AGateway);
    } catch {
      return undefined;
    }
  }

  /** The per-call metrics recorder (absent when A2A_ENABLED or A2A_METRICS_ENABLED is false). */
  get recorder(): MetricsRecorder | null {
    try {
      return this.app.get<MetricsRecorder | null>(METRICS_RECORDER);
    } catch {
      return null;
    }
  }

  /** Empty the catalog and tokens between tests; the admin user stays. */
  async reset(): Promise<void> {
    await this.recorder?.flush();
    await this.db.query(
      'TRUNCATE agent_metrics, agent_metrics_batches, agent_metrics_hourly, agent_health_events, conversation_turns, tasks, server_agents, virtual_servers, agents, api_tokens, app_state, catalog_file_entries',
    );
    // The rows went behind the catalog's back: empty the gateway's in-memory registry too.
    const gateway = this.gateway;
    for (const agent of gateway?.listAgents() ?? []) gateway?.unregisterAgent(agent.name);
    await this.db.query('DELETE FROM users WHERE email <> $1', [ADMIN.email]);
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** Another user, signed in (their tasks are not yours). */
  async createUser(email: string, role: 'admin' | 'viewer', password = 'pass-word-1'): Promise<string> {
    await this.db.query(`INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3)`, [
      email,
      await hashPassword(password),
      role,
    ]);
    return this.login(email, password);
  }

  async agentCount(): Promise<number> {
    const [{ count }] = await this.db.query('SELECT count(*)::int AS count FROM agents');
    return count;
  }
}

/** A registration's answer as `GET /a2a/:id` shows the agent: without the write's `warnings`. */
export function asStored(answer: AgentRead): AgentRead {
  const { warnings: _warnings, ...agent } = answer;
  return agent;
}

let agentSeq = 0;
export function validAgent(overrides: Partial<AgentCreateInput> = {}): AgentCreateInput {
  agentSeq += 1;
  return {
    name: `agent_${agentSeq}`,
    endpointUrl: 'http://127.0.0.1:9999/',
    description: 'A test agent',
    tags: ['test'],
    ...overrides,
  };
}

export type ErrorBody = ApiError & {
  details?: {
    issues?: { path: string; message: string }[];
    /** An agent's own JSON-RPC error, as it sent it. */
    rpcError?: Record<string, unknown>;
  };
};
