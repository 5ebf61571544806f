// Phase F: the MCP front door of a virtual server (`/servers/:id/mcp`, Streamable HTTP, protocol 2025-11-25),
// spoken over raw HTTP so the load generator costs the same as in A–C (no SDK client in the loop).
//   1. tools/call at saturation on stateful sessions, against B's direct SendMessage and REST invoke, with
//      rest /stream (the same streamed A2A call through REST) as the reference for what MCP itself adds;
//   2. tools/list of a server with BENCH_MCP_LIST_AGENTS agents: sequential full listings (every page), timed.
// Runs on the main gateway after D; it registers agents, so it comes last there. See README.md, "F. MCP".
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { registerAgent } from './gateway.mjs';
import { saturate } from './load.mjs';
import { int, ms, round, Samples, table } from './stats.mjs';

const PROTOCOL = '2025-11-25';
const ACCEPT = 'application/json, text/event-stream';
// The echo comes back in the text content and in structuredContent; an isError result may still quote it.
const ECHOED = '"text":"echo: bench"';
const LIMITS = { callsPerSecond: 3_000, listP50Ms: 50 };

/** BENCH_MCP* settings; `num` and `oneOf` are run.mjs's validating readers. */
export function readMcpConfig({ num, oneOf }) {
  return {
    enabled: oneOf('BENCH_MCP', ['1', '0']) === '1',
    sessions: oneOf('BENCH_MCP_SESSIONS', ['per-connection', 'shared']),
    listAgents: num('BENCH_MCP_LIST_AGENTS', 1000),
    listRequests: num('BENCH_MCP_LIST_REQUESTS', 200),
    listWarmup: num('BENCH_MCP_LIST_WARMUP', 20),
    // The MCP path is cold when F starts (A–C warmed the rest); its CPU per call takes ~8 s to settle.
    warmupSeconds: num('BENCH_MCP_WARMUP_SECONDS', 10),
  };
}

/** Seconds phase F should take at most (for the run's time limit): registration and listings guessed. */
export function mcpPlannedSeconds(config) {
  if (!config.mcp.enabled) return 0;
  const { listAgents, listRequests, listWarmup } = config.mcp;
  const calls = config.mcp.warmupSeconds + config.warmupSeconds + 2 * (config.saturationSeconds + 1);
  return calls + 5 + listAgents * 0.02 + (listRequests + listWarmup) * 0.2;
}

/** The main gateway must accept the listing's agents on top of the echo agent (A2A_MAX_AGENTS, default 1,000). */
export function mcpGatewayEnv(config) {
  if (!config.mcp.enabled) return {};
  const wanted = config.mcp.listAgents + 10;
  const given = Number(process.env.A2A_MAX_AGENTS);
  return Number.isFinite(given) && given >= wanted ? {} : { A2A_MAX_AGENTS: String(wanted) };
}

// ---- raw MCP over HTTP ----

/** One POST on a keep-alive agent: status, headers, whole body as text, ms from the request to the last byte. */
function post(url, headers, body, agent, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = httpRequest(url, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`POST ${url}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      res.setEncoding('utf8');
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, text, ms: performance.now() - start }),
      );
      res.on('error', reject);
    });
    req.end(body);
  });
}

/** The JSON-RPC answer with id `id`, whether it came as JSON or as an SSE event. */
function answerOf(text, id, what) {
  const candidates = text.startsWith('{')
    ? [text]
    : text
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trim());
  for (const data of candidates) {
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      continue;
    }
    if (message?.id !== id) continue;
    if (message.error)
      throw new Error(`${what}: JSON-RPC error ${message.error.code} ${message.error.message}`);
    return message.result;
  }
  throw new Error(`${what}: no answer with id ${id} in ${JSON.stringify(text.slice(0, 300))}`);
}

/** A stateful session: initialize, then notifications/initialized; its headers carry the session id. */
export async function openSession(endpoint, token, agent) {
  const base = { authorization: `Bearer ${token}`, accept: ACCEPT };
  const init = await post(
    endpoint,
    base,
    JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: PROTOCOL,
        capabilities: {},
        clientInfo: { name: 'switchboard-bench', version: '1' },
      },
    }),
    agent,
  );
  if (init.status !== 200) throw new Error(`MCP initialize: HTTP ${init.status} ${init.text.slice(0, 300)}`);
  const result = answerOf(init.text, 0, 'MCP initialize');
  const id = init.headers['mcp-session-id'];
  if (!id)
    throw new Error('MCP initialize: no Mcp-Session-Id header (is the gateway running MCP_STATELESS?)');
  const headers = { ...base, 'mcp-session-id': id, 'mcp-protocol-version': result.protocolVersion };
  const ack = await post(
    endpoint,
    headers,
    JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    agent,
  );
  if (ack.status !== 202)
    throw new Error(`MCP notifications/initialized: HTTP ${ack.status} ${ack.text.slice(0, 300)}`);
  let nextId = 1;
  return {
    id,
    headers,
    nextId: () => nextId++,
    close: () =>
      new Promise((resolve) => {
        const req = httpRequest(endpoint, { method: 'DELETE', agent, headers });
        req.on('response', (res) => res.resume().on('end', resolve));
        req.on('error', resolve); // ending the session is courtesy: the gateway stops anyway
        req.end();
      }),
  };
}

/**
 * Every page of tools/list: the tools, the bytes received, and the ms on the wire (request sent to last byte,
 * summed over the pages; the client's own JSON parsing is left out).
 */
async function listAll(endpoint, session, agent) {
  const tools = [];
  let bytes = 0;
  let wireMs = 0;
  let pages = 0;
  let cursor;
  do {
    const id = session.nextId();
    const params = cursor === undefined ? {} : { cursor };
    const res = await post(
      endpoint,
      session.headers,
      JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/list', params }),
      agent,
    );
    if (res.status !== 200) throw new Error(`MCP tools/list: HTTP ${res.status} ${res.text.slice(0, 300)}`);
    bytes += Buffer.byteLength(res.text);
    wireMs += res.ms;
    pages++;
    const page = answerOf(res.text, id, 'MCP tools/list');
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return { tools, bytes, wireMs, pages };
}

async function adminCall(base, token, path, body) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

// ---- the phase ----

/** An autocannon `setupClient` that records each 2xx answer's latency (ms, sub-ms) into `latency`, if any. */
const recordLatency = (latency) => (client) => {
  if (!latency) return;
  client.on('response', (status, _bytes, durationMs) => {
    if (status >= 200 && status < 300) latency.add(durationMs);
  });
};

/**
 * tools/call at saturation: every request has its own JSON-RPC id (MCP forbids reusing one within a
 * session, and concurrent requests of a shared session are told apart by it). Each autocannon connection
 * gets its session through `setupClient`; ids come from one counter through `setupRequest`.
 */
export function toolsCallLoad(endpoint, toolName, sessions, latency) {
  let nextId = 1;
  let client = 0;
  const prefix = '{"jsonrpc":"2.0","id":';
  const suffix = `,"method":"tools/call","params":{"name":${JSON.stringify(toolName)},"arguments":{"message":"bench"}}}`;
  const { authorization, accept, 'mcp-protocol-version': version } = sessions[0].headers;
  return {
    target: {
      name: 'mcp tools/call',
      url: endpoint,
      headers: { authorization, accept, 'mcp-protocol-version': version },
      body: undefined,
    },
    options: {
      verifyBody: (body) => body.includes(ECHOED) && !body.includes('"isError":true'),
      requests: [
        {
          setupRequest: (req) => {
            req.body = `${prefix}${nextId++}${suffix}`;
            return req;
          },
        },
      ],
      setupClient: (c) => {
        c.setHeaders({ 'mcp-session-id': sessions[client++ % sessions.length].id });
        recordLatency(latency)(c);
      },
    },
  };
}

/**
 * A server exposing the echo agent, `count` open sessions on it, and the tool's name (from tools/list).
 * `load(latency)` gives the autocannon target and options for tools/call on those sessions.
 */
export async function prepareToolsCall({ base, token, agent, count, http, name = 'bench-mcp' }) {
  const server = await adminCall(base, token, '/servers', { name, associatedAgents: [agent.id] });
  const endpoint = `${base}/servers/${server.id}/mcp`;
  const sessions = [];
  for (let i = 0; i < count; i++) sessions.push(await openSession(endpoint, token, http));
  const { tools } = await listAll(endpoint, sessions[0], http);
  const tool = tools.find((t) => t._meta?.['io.switchboard/agent']?.id === agent.id);
  if (!tool)
    throw new Error(
      `MCP tools/list: no tool for agent ${agent.id} (got ${tools.map((t) => t.name).join(', ')})`,
    );
  return {
    toolName: tool.name,
    load: (latency) => toolsCallLoad(endpoint, tool.name, sessions, latency),
    close: () => Promise.all(sessions.map((s) => s.close())),
  };
}

/**
 * Phase F. `ctx`: the main gateway (`base`, `token`, registered echo `agent`), `agentUrl`, `procs`, and
 * run.mjs's `measured`, `checkClean`, `aborted`, `log`, `settle`.
 */
export async function runMcpPhase(config, ctx) {
  const { base, token, agent: echo, agentUrl, procs, measured, checkClean, aborted, log, settle } = ctx;
  const { sessions: sessionMode, listAgents, listRequests, listWarmup } = config.mcp;
  const connections = config.saturationConnections;
  const http = new Agent({ keepAlive: true, maxSockets: 8 });
  const out = { sessionMode, connections };
  try {
    // 1. tools/call
    const count = sessionMode === 'shared' ? 1 : connections;
    const calls = await prepareToolsCall({ base, token, agent: echo, count, http });
    out.toolName = calls.toolName;

    // The reference: the same streamed A2A call through the REST front door (what MCP adds is the difference).
    const restStream = {
      name: 'rest /stream',
      url: `${base}/a2a/${echo.name}/stream`,
      headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
      body: JSON.stringify({ message: 'bench' }),
      expect: 'echo: bench',
    };
    const steps = [
      ['toolsCall', config.mcp.warmupSeconds, (latency) => calls.load(latency)],
      [
        'restStream',
        config.warmupSeconds,
        (latency) => ({ target: restStream, options: { setupClient: recordLatency(latency) } }),
      ],
    ];
    log(
      `  F. MCP tools/call (warm-up ${config.mcp.warmupSeconds} s) and, for reference, rest /stream (warm-up ${config.warmupSeconds} s): ${config.saturationSeconds} s saturation each (${connections} connections, ${count} MCP session${count > 1 ? 's' : ''})`,
    );
    for (const [, seconds, make] of steps) {
      if (aborted()) return out;
      const warm = make(null);
      const r = await saturate(warm.target, { seconds, connections, ...warm.options });
      checkClean('MCP warm-up', warm.target.name, r);
    }
    for (const [key, , make] of steps) {
      if (aborted()) return out;
      await settle();
      const latency = new Samples();
      const { target, options } = make(latency);
      const r = await measured(procs, () =>
        saturate(target, { seconds: config.saturationSeconds, connections, ...options }),
      );
      checkClean('MCP', target.name, r);
      out[key] = { ...r, latency: latency.summary() };
    }
    await calls.close();
    if (aborted()) return out;

    // 2. tools/list of a big server
    await settle();
    log(
      `  F. MCP tools/list: registering ${listAgents} agents, one server with all of them, ${listRequests} sequential listings after ${listWarmup} warm-up`,
    );
    const started = performance.now();
    const ids = new Array(listAgents);
    let next = 0;
    const registerSome = async () => {
      while (next < listAgents && !aborted()) {
        const i = next++;
        const name = `bench_tool_${String(i).padStart(5, '0')}`;
        ids[i] = (
          await registerAgent(base, token, { name, endpointUrl: agentUrl, rateLimitRpm: 1_000_000 })
        ).id;
      }
    };
    await Promise.all(Array.from({ length: 8 }, registerSome));
    if (aborted()) return out;
    const big = await adminCall(base, token, '/servers', { name: 'bench-mcp-list', associatedAgents: ids });
    const registrationMs = performance.now() - started;
    const bigEndpoint = `${base}/servers/${big.id}/mcp`;
    const session = await openSession(bigEndpoint, token, http);
    const samples = new Samples(listRequests);
    let listing = null;
    const listings = async (count, record) => {
      for (let i = 0; i < count && !aborted(); i++) {
        listing = await listAll(bigEndpoint, session, http);
        if (listing.tools.length !== listAgents)
          throw new Error(`MCP tools/list: ${listing.tools.length} tools, expected ${listAgents}`);
        record?.(listing.wireMs);
      }
    };
    await listings(listWarmup);
    const r2 = await measured(procs, async () => {
      await listings(listRequests, (wireMs) => samples.add(wireMs));
      return { requests: samples.length };
    });
    await session.close();
    out.toolsList = {
      agents: listAgents,
      tools: listing?.tools.length ?? 0,
      pages: listing?.pages ?? 0,
      bytes: listing?.bytes ?? 0,
      registrationMs: round(registrationMs, 0),
      requests: samples.length,
      latency: samples.summary(),
      cpu: r2.cpu,
      wallMs: r2.wallMs,
    };
    return out;
  } finally {
    http.destroy();
  }
}

// ---- report ----

const perCall = (r, cpuMs) => (r?.requests > 0 && cpuMs != null ? cpuMs / r.requests : null);

/** Ratios against B (same run): direct SendMessage, REST invoke, the bare proxy; CPU per call next to them. */
export function deriveMcp(results) {
  const f = results.phases.mcp;
  if (!f?.toolsCall) return null;
  const sat = results.phases.saturation ?? {};
  const ratios = (r) => {
    const vs = (name) => (sat[name]?.throughput && r ? round(r.throughput / sat[name].throughput, 4) : null);
    return { vsDirect: vs('direct'), vsInvoke: vs('invoke'), vsBareProxy: vs('bare proxy') };
  };
  return {
    callsPerSecond: round(f.toolsCall.throughput, 1),
    ...ratios(f.toolsCall),
    restStream: f.restStream
      ? { throughput: round(f.restStream.throughput, 1), ...ratios(f.restStream) }
      : null,
    vsRestStream: f.restStream ? round(f.toolsCall.throughput / f.restStream.throughput, 4) : null,
    gatewayCpuMsPerCall: {
      toolsCall: round(perCall(f.toolsCall, f.toolsCall.cpu?.gatewayMs), 4),
      restStream: round(perCall(f.restStream, f.restStream?.cpu?.gatewayMs), 4),
      invoke: round(perCall(sat.invoke, sat.invoke?.cpu?.gatewayMs), 4),
    },
    listP50Ms: f.toolsList ? round(f.toolsList.latency.p50, 3) : null,
  };
}

const pct = (v) => (v == null ? '-' : `${(100 * v).toFixed(1)} %`);

export function mcpTargets(results, d) {
  if (!d) return [];
  const f = results.phases.mcp;
  const list = [
    {
      id: 'mcp.toolsCall',
      label: `mcp tools/call: saturation throughput (stateful, ${f.sessionMode === 'shared' ? 'one shared session' : 'a session per connection'})`,
      value: d.callsPerSecond,
      shown: `${int(d.callsPerSecond)}/s`,
      limit: `≥ ${int(LIMITS.callsPerSecond)}/s`,
      pass: d.callsPerSecond >= LIMITS.callsPerSecond,
      note: `${pct(d.vsDirect)} of direct, ${pct(d.vsInvoke)} of invoke, ${pct(d.vsRestStream)} of rest /stream`,
    },
  ];
  if (d.listP50Ms !== null) {
    const l = f.toolsList;
    list.push({
      id: 'mcp.toolsListP50',
      label: `mcp tools/list, ${int(l.agents)}-agent server: p50`,
      value: d.listP50Ms,
      shown: `${ms(d.listP50Ms)} ms`,
      limit: `≤ ${LIMITS.listP50Ms} ms`,
      pass: d.listP50Ms <= LIMITS.listP50Ms,
      note: `p95 ${ms(l.latency.p95)}, p99 ${ms(l.latency.p99)} ms`,
    });
  }
  return list;
}

/** The F section of the printed report. */
export function mcpLines(results, d) {
  const f = results.phases.mcp;
  if (!f?.toolsCall) return [];
  const { config } = results;
  const row = (name, r, ratios) => [
    name,
    int(r.throughput),
    pct(ratios.vsDirect),
    pct(ratios.vsInvoke),
    pct(ratios.vsBareProxy),
    ms(r.latency.p50),
    ms(r.latency.p99),
    r.non2xx + r.errors + r.timeouts + r.mismatches,
    ms(perCall(r, r.cpu.gatewayMs)),
    r.cpu.otherCores != null ? r.cpu.otherCores.toFixed(2) : '-',
  ];
  const rows = [row('mcp tools/call', f.toolsCall, d)];
  if (f.restStream) rows.push(row('rest /stream (reference)', f.restStream, d.restStream));
  const cpu = d.gatewayCpuMsPerCall;
  const out = [
    '',
    `F. MCP /servers/:id/mcp (protocol ${PROTOCOL}, stateful: ${f.sessionMode === 'shared' ? 'one session shared by' : 'one session per connection,'} ` +
      `${f.connections} connections) — tools/call "${f.toolName}" × ${config.saturationSeconds} s at saturation; latency ms (sub-ms, per call)`,
    table(
      [
        'target',
        'calls/s',
        'vs direct',
        'vs invoke',
        'vs bare proxy',
        'p50',
        'p99',
        'errors',
        'gw CPU ms/call',
        'other cores',
      ],
      rows,
    ),
    '  Ratios are against B of this run (direct, invoke, bare proxy: unary SendMessage). A tools/call is a streamed A2A call',
    '  (the echo agent sends 4 events), answered as one SSE event; rest /stream makes the same streamed call through REST.',
  ];
  if (cpu.toolsCall != null && cpu.restStream != null && cpu.invoke != null) {
    out.push(
      `  Gateway CPU per call: tools/call ${ms(cpu.toolsCall)} ms, rest /stream ${ms(cpu.restStream)} ms, invoke ${ms(cpu.invoke)} ms:` +
        `\n  MCP adds ${ms(cpu.toolsCall - cpu.restStream)} ms to the streamed call, and the streamed call costs ` +
        `${(cpu.restStream / cpu.invoke).toFixed(1)}× the unary one.`,
    );
  }
  const l = f.toolsList;
  if (l) {
    out.push(
      `  tools/list of a ${int(l.agents)}-agent server (${int(l.tools)} tools in ${l.pages} page${l.pages === 1 ? '' : 's'}, ${(l.bytes / 1024).toFixed(0)} KiB), ` +
        `${l.latency.count} sequential listings, request to last byte:` +
        `\n  p50 ${ms(l.latency.p50)} · p95 ${ms(l.latency.p95)} · p99 ${ms(l.latency.p99)} · max ${ms(l.latency.max)} ms; ` +
        `gateway CPU ${ms(perCall(l, l.cpu.gatewayMs))} ms a listing (registering the agents and the server took ${(l.registrationMs / 1000).toFixed(1)} s)`,
    );
  }
  return out;
}
