#!/usr/bin/env node
// The floor under phase F: how many tools/call a second the official SDKs allow on this machine, with the
// load generator of phase F (autocannon, raw MCP over HTTP, a stateful session per connection) and the same
// echo agent, but mcp-floor-server.mjs in place of the gateway. Three tools, measured in interleaved rounds:
//   const   the MCP SDK alone (a constant answer)
//   unary   + one SendMessage through the @a2a-js/sdk client
//   stream  + one SendStreamingMessage through the @a2a-js/sdk client (what a gateway tools/call makes)
// Per round: calls/s and the CPU per call of every process (floor server, echo agent, load generator), from
// /proc/<pid>/stat and process.cpuUsage() as run.mjs measures them. The report takes medians over the rounds
// and says how much CPU per call is left for an MCP server at a target rate on this machine's cores.
//
//   node tools/bench/mcp-floor.mjs        (FLOOR_ROUNDS=3, FLOOR_KINDS=const,unary,stream, FLOOR_FETCH=lean,
//                                          FLOOR_WARMUP_SECONDS=10, FLOOR_TARGET=3000, BENCH_SAT_SECONDS=6,
//                                          BENCH_SAT_CONNECTIONS=64, BENCH_STREAM=task, FLOOR_SERVER_NODE_ARGS)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { saturate, stopLoad } from './lib/load.mjs';
import { openSession, toolsCallLoad } from './lib/mcp.mjs';
import { cpuMsOf, firstMessage, killAllNow, machineBusyMs, startNode, stopAll } from './lib/processes.mjs';
import { int, median, ms, round, table } from './lib/stats.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const env = (name, fallback) => process.env[name] || fallback;
const KINDS = ['const', 'unary', 'stream'];
const config = {
  rounds: Number(env('FLOOR_ROUNDS', 3)),
  kinds: env('FLOOR_KINDS', KINDS.join(',')).split(','),
  fetch: env('FLOOR_FETCH', 'lean'),
  warmupSeconds: Number(env('FLOOR_WARMUP_SECONDS', 10)),
  target: Number(env('FLOOR_TARGET', 3000)),
  seconds: Number(env('BENCH_SAT_SECONDS', 6)),
  connections: Number(env('BENCH_SAT_CONNECTIONS', 64)),
  stream: env('BENCH_STREAM', 'task'),
  /** e.g. `--cpu-prof --cpu-prof-dir=tmp/bench/floor-profiles` */
  serverNodeArgs: env('FLOOR_SERVER_NODE_ARGS', '').split(/\s+/).filter(Boolean),
};
if (config.kinds.some((k) => !KINDS.includes(k))) {
  console.error(`FLOOR_KINDS: a comma-separated subset of ${KINDS.join(',')}`);
  process.exit(1);
}
const cores = cpus().length;
const load = () => loadavg().map((l) => Number(l.toFixed(2)));
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const outDir = join(root, 'tmp', 'bench');
const logDir = join(outDir, `floor-logs-${stamp}`);
mkdirSync(logDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'switchboard-floor-'));

let interrupted = false;
const onSignal = () => {
  if (interrupted) {
    killAllNow();
    process.exit(130);
  }
  interrupted = true;
  stopLoad();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('exit', killAllNow);

let died = null;
const start = (name, script, args, extraEnv = {}, nodeArgs = []) =>
  startNode({
    name,
    script: join(here, script),
    args,
    nodeArgs,
    env: { ...process.env, ...extraEnv },
    cwd: work,
    logFile: join(logDir, `${name}.log`),
    onUnexpectedExit: (e) => {
      died = `${name} exited (${e.exited.signal ?? e.exited.code})`;
      stopLoad();
    },
  });

/** One load step, with the CPU each process used meanwhile (as run.mjs's `measured`). */
async function measured(pids, fn) {
  const before = {
    server: cpuMsOf(pids.server),
    agent: cpuMsOf(pids.agent),
    machine: machineBusyMs(),
    self: process.cpuUsage(),
    at: Date.now(),
  };
  const r = await fn();
  const wall = Date.now() - before.at;
  const self = process.cpuUsage(before.self);
  const cpu = {
    server: cpuMsOf(pids.server) - before.server,
    agent: cpuMsOf(pids.agent) - before.agent,
    loadGenerator: (self.user + self.system) / 1000,
  };
  const machine = machineBusyMs() - before.machine;
  cpu.otherCores = Math.max(0, (machine - cpu.server - cpu.agent - cpu.loadGenerator) / wall);
  return { ...r, cpu, wallMs: wall };
}

function bad(r) {
  const n = r.non2xx + r.errors + r.timeouts + r.mismatches;
  return n ? `${n} bad answers (${JSON.stringify(r.statusCodes)})` : null;
}

async function main() {
  const results = {
    tool: 'switchboard-mcp-floor',
    startedAt: new Date().toISOString(),
    config,
    environment: { node: process.version, cpus: cores, cpuModel: cpus()[0]?.model, loadAtStart: load() },
    rounds: [],
  };
  console.log(`MCP floor — ${results.startedAt}, load average ${results.environment.loadAtStart.join(' ')}`);
  const agent = start('echo-agent', 'echo-agent.mjs', ['0'], {
    ECHO_HOST: '127.0.0.1',
    ECHO_STREAM: config.stream,
  });
  const { url: agentUrl } = await firstMessage(agent, 10_000);
  const server = start(
    'mcp-floor-server',
    'mcp-floor-server.mjs',
    [agentUrl],
    { FLOOR_FETCH: config.fetch },
    config.serverNodeArgs,
  );
  const { url: base } = await firstMessage(server, 30_000);
  const pids = { server: server.child.pid, agent: agent.child.pid };
  const http = new Agent({ keepAlive: true, maxSockets: 8 });
  const loads = {};
  for (const kind of config.kinds) {
    const endpoint = `${base}/mcp/${kind}`;
    const sessions = [];
    for (let i = 0; i < config.connections; i++) sessions.push(await openSession(endpoint, 'floor', http));
    loads[kind] = () => toolsCallLoad(endpoint, 'echo', sessions, null);
  }
  const run = async (kind, seconds) => {
    const { target, options } = loads[kind]();
    return saturate(target, { seconds, connections: config.connections, ...options });
  };
  console.log(
    `  floor server ${base} (fetch ${config.fetch}), echo agent ${agentUrl} (stream mode ${config.stream}); ` +
      `${config.connections} connections, a session each; warm-up ${config.warmupSeconds} s per tool, ` +
      `then ${config.rounds} interleaved rounds × ${config.seconds} s`,
  );
  for (const kind of config.kinds) {
    if (interrupted || died) break;
    const r = await run(kind, config.warmupSeconds);
    if (bad(r)) throw new Error(`warm-up ${kind}: ${bad(r)}`);
  }
  for (let round = 0; round < config.rounds && !interrupted && !died; round++) {
    for (const kind of config.kinds) {
      if (interrupted || died) break;
      await sleep(1000);
      const r = await measured(pids, () => run(kind, config.seconds));
      if (bad(r)) throw new Error(`${kind}: ${bad(r)}`);
      const perCall = (v) => v / r.requests;
      results.rounds.push({
        round,
        kind,
        throughput: r.throughput,
        requests: r.requests,
        cpuMsPerCall: {
          server: perCall(r.cpu.server),
          agent: perCall(r.cpu.agent),
          loadGenerator: perCall(r.cpu.loadGenerator),
        },
        otherCores: r.cpu.otherCores,
        load: load(),
      });
      console.log(
        `    round ${round + 1} ${kind.padEnd(6)} ${int(r.throughput)}/s  server ${ms(perCall(r.cpu.server))} ms/call, ` +
          `agent ${ms(perCall(r.cpu.agent))}, load generator ${ms(perCall(r.cpu.loadGenerator))}, other cores ${r.cpu.otherCores.toFixed(2)}`,
      );
    }
  }
  http.destroy();
  results.environment.loadAtEnd = load();
  if (died) throw new Error(died);
  return results;
}

function summarize(results) {
  const budget = (cores * 1000) / config.target; // CPU-ms per call all processes together may spend
  const rows = [];
  const summary = {};
  for (const kind of config.kinds) {
    const rs = results.rounds.filter((r) => r.kind === kind);
    if (!rs.length) continue;
    const m = (f) => median(rs.map(f));
    const s = {
      rounds: rs.length,
      throughput: m((r) => r.throughput),
      server: m((r) => r.cpuMsPerCall.server),
      agent: m((r) => r.cpuMsPerCall.agent),
      loadGenerator: m((r) => r.cpuMsPerCall.loadGenerator),
      otherCores: m((r) => r.otherCores),
    };
    s.total = s.server + s.agent + s.loadGenerator;
    s.leftForServerAtTarget = budget - s.agent - s.loadGenerator;
    s.ceiling = (cores * 1000) / s.total;
    summary[kind] = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, round(v, 4)]));
    rows.push([
      kind,
      int(s.throughput),
      ms(s.server),
      ms(s.agent),
      ms(s.loadGenerator),
      ms(s.total),
      int(s.ceiling),
      ms(s.leftForServerAtTarget),
      s.otherCores.toFixed(2),
    ]);
  }
  const text = [
    '',
    `MCP floor (official SDKs only, fetch ${config.fetch}), medians of ${config.rounds} rounds × ${config.seconds} s, ` +
      `${config.connections} connections; load average ${results.environment.loadAtStart.join(' ')} → ${results.environment.loadAtEnd.join(' ')}`,
    table(
      [
        'tool',
        'calls/s',
        'server ms/call',
        'agent ms/call',
        'loadgen ms/call',
        'sum ms/call',
        `${cores}-core ceiling/s`,
        `server budget @${int(config.target)}/s`,
        'other cores',
      ],
      rows,
    ),
    `  CPU per call is user + system time divided by the calls answered. "${cores}-core ceiling" = ${cores} × 1000 ms / sum,`,
    `  the rate if the cores did nothing else; "server budget" = ${ms(budget)} ms (${cores} cores at ${int(config.target)}/s)`,
    '  minus what the agent and the load generator spend per call: what an MCP server may spend to reach the target.',
  ].join('\n');
  return { summary, text };
}

let exit = 0;
try {
  const results = await main();
  const { summary, text } = summarize(results);
  const file = join(outDir, `floor-${stamp}.json`);
  writeFileSync(file, JSON.stringify({ ...results, summary }, null, 2));
  console.log(`${text}\n\nFull results: ${file}\nLogs: ${logDir}`);
} catch (error) {
  console.error(`MCP floor failed: ${error.message}`);
  exit = interrupted ? 130 : 2;
}
await stopAll(5_000);
rmSync(work, { recursive: true, force: true });
process.exit(exit);
