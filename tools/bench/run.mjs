#!/usr/bin/env node
// `npm run bench`: the gateway's overhead, measured end to end on this machine.
//
// Starts the echo agent and the built gateway as child processes (loopback only), logs in once, registers
// the agent, warms up, then measures with autocannon: (A) fixed rate — latency direct vs through the A2A
// JSON-RPC proxy vs the REST invoke; (B) saturation throughput; (C) SSE time to first event; (D) the
// gateway's memory. Prints a table and PASS/FAIL per target, writes everything as JSON under tmp/bench/.
// Exit code: 0 when the run was valid (whatever the targets say), 2 when it was not (errors, a process
// died, the time limit hit), 1 when it could not start, 130 when interrupted. Knobs: see README.md.
// `--replicas N` (or BENCH_REPLICAS) adds rows for N gateway replicas behind a round-robin Node proxy.
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openRedis, redisWhere } from './lib/cluster.mjs';
import * as gw from './lib/gateway.mjs';
import { fixedRate, saturate, sseLoop, stopLoad } from './lib/load.mjs';
import { mcpGatewayEnv, mcpPlannedSeconds, readMcpConfig, runMcpPhase } from './lib/mcp.mjs';
import {
  cpuMsOf,
  firstMessage,
  freePort,
  killAllNow,
  machineBusyMs,
  memoryOf,
  startNode,
  stopAll,
  stopChildren,
} from './lib/processes.mjs';
import { signHs256 } from './lib/hs256.mjs';
import { printReport } from './lib/report.mjs';
import { replicaTargets, targetsFor } from './lib/targets.mjs';
import { formatSummary, summarizeProfile } from './profile-top.mjs';
// The flags `npm start` runs the API with (a file of no project, shared with tools/start.mjs).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { API_NODE_FLAGS } from '../api-node-flags.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const GATEWAY_ENTRY = join(root, 'apps', 'api', 'dist', 'main.js');

const num = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number (got "${raw}")`);
  return value;
};
const oneOf = (name, values) => {
  const value = process.env[name] || values[0];
  if (!values.includes(value))
    throw new Error(`${name} must be one of ${values.join(', ')} (got "${value}")`);
  return value;
};

/** BENCH_PHASES: which of A–F to run, e.g. `E` or `AB`; D (memory) is sampled while A–C run. */
function phasesOf(raw = 'ABCDEF') {
  const letters = raw.toUpperCase().replace(/[\s,]/g, '');
  if (!/^[A-F]+$/.test(letters)) throw new Error(`BENCH_PHASES must be letters among A–F (got "${raw}")`);
  return new Set(letters);
}

/** `npm run bench -- --replicas N` (or BENCH_REPLICAS=N): 0 = off, else 2–8 gateway replicas. */
function replicasOf() {
  let values;
  try {
    ({ values } = parseArgs({ options: { replicas: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new Error(
      `${error.message}: the one option is --replicas N; the rest are BENCH_* variables (README)`,
    );
  }
  const raw = values.replicas ?? process.env.BENCH_REPLICAS ?? '0';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n === 1 || n > 8)
    throw new Error(`--replicas must be 0 (off) or a whole number from 2 to 8 (got "${raw}")`);
  return n;
}

function readConfig() {
  const seconds = num('BENCH_SECONDS', 10);
  const phases = phasesOf(process.env.BENCH_PHASES || undefined);
  const config = {
    phases: [...phases].sort().join(''),
    seconds,
    saturationSeconds: num('BENCH_SAT_SECONDS', seconds),
    saturationRepeats: Math.max(1, Math.round(num('BENCH_SAT_REPEATS', 1))),
    warmupSeconds: num('BENCH_WARMUP_SECONDS', 3),
    rowWarmupSeconds: num('BENCH_ROW_WARMUP_SECONDS', 2),
    jsonProxy: process.env.BENCH_JSON_PROXY !== '0',
    leanGateway: process.env.BENCH_LEAN_GATEWAY !== '0',
    rate: num('BENCH_RATE', 1000),
    rateConnections: num('BENCH_RATE_CONNECTIONS', 50),
    pacing: oneOf('BENCH_PACING', ['even', 'autocannon']),
    saturationConnections: num('BENCH_SAT_CONNECTIONS', 64),
    // Rounds come in pairs (each side started first once): an odd count is rounded up.
    metricsRounds: phases.has('E') ? 2 * Math.ceil(num('BENCH_METRICS_ROUNDS', 4) / 2) : 0,
    /** Phase E as an A/A control: metrics on in both gateways of a round. */
    metricsControl: process.env.BENCH_METRICS_AA === '1',
    sseRequests: num('BENCH_SSE_REQUESTS', 300),
    sseWarmup: num('BENCH_SSE_WARMUP', 50),
    stream: oneOf('BENCH_STREAM', ['task', 'message']),
    auth: oneOf('BENCH_AUTH', ['jwt', 'token']),
    database: process.env.DATABASE_URL && process.env.BENCH_DB !== 'embedded' ? 'postgres' : 'embedded',
    gatewayNodeArgs: (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(/\s+/).filter(Boolean),
    logLevel: process.env.BENCH_LOG_LEVEL || 'warn',
    outDir: resolve(process.env.BENCH_OUT_DIR || join(root, 'tmp', 'bench')),
    startupTimeoutSeconds: num('BENCH_STARTUP_TIMEOUT_SECONDS', 90),
    mcp: readMcpConfig({ num, oneOf }),
    replicas: replicasOf(),
  };
  config.mcp.enabled &&= phases.has('F');
  if (config.replicas > 0) {
    if (config.database !== 'postgres')
      throw new Error(
        '--replicas needs DATABASE_URL: replicas share one PostgreSQL database (PGlite is one process)',
      );
    if (!phases.has('A') && !phases.has('B'))
      throw new Error('--replicas adds rows to phases A and B: BENCH_PHASES must name at least one of them');
    config.redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  }
  const sseGuess = ((config.sseRequests + config.sseWarmup) * 3 * 20) / 1000; // 20 ms a stream, pessimistic
  const planned =
    (phases.has('A') ? 6 * (config.seconds + config.rowWarmupSeconds) : 0) +
    (phases.has('B') ? 6 * config.saturationRepeats * (config.saturationSeconds + config.rowWarmupSeconds) : 0) +
    (phases.has('C') ? sseGuess : 0) +
    3 * config.warmupSeconds +
    mcpPlannedSeconds(config) +
    // Per round: two gateways start (~5 s each here; 20 s allowed), warm-up, measurement, 4 settles, stop.
    config.metricsRounds * (40 + config.warmupSeconds + config.saturationSeconds + 4 + 10) +
    (config.replicas > 0
      ? config.startupTimeoutSeconds +
        3 *
          (config.warmupSeconds +
            (phases.has('A') ? config.seconds + 1 : 0) +
            (phases.has('B') ? config.saturationSeconds + 1 : 0))
      : 0);
  config.timeoutSeconds = num(
    'BENCH_TIMEOUT_SECONDS',
    Math.ceil(config.startupTimeoutSeconds + planned * 1.5 + 60),
  );
  return config;
}

// ---- run state: what went wrong, so the run can be declared invalid, and cleanup ----
const state = { invalid: [], interrupted: false, cleanups: [] };
const invalidate = (reason) => {
  if (!state.invalid.includes(reason)) state.invalid.push(reason);
  stopLoad();
};
const aborted = () => state.invalid.length > 0 || state.interrupted;

function onSignal(signal) {
  if (state.interrupted) {
    killAllNow();
    process.exit(130);
  }
  console.error(`\n${signal}: stopping the benchmark (again to kill at once)…`);
  state.interrupted = true;
  stopLoad();
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
process.on('exit', killAllNow); // last resort; normally everything is already stopped

const log = (line) => console.log(line);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');

function checkBuild() {
  if (!existsSync(GATEWAY_ENTRY)) {
    throw Object.assign(
      new Error(
        `The gateway is not built: ${relative(root, GATEWAY_ENTRY)} is missing.\n` +
          `Build it first:  cd ${root} && NX_DAEMON=false npx nx run-many -t build -p api web hello-agent`,
      ),
      { setup: true },
    );
  }
  const built = statSync(GATEWAY_ENTRY).mtimeMs;
  const newest = (dir) => {
    let latest = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
        latest = Math.max(latest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
    return latest;
  };
  const sources = ['apps/api/src', 'libs/a2a-protocol/src', 'libs/api-contract/src']
    .map((d) => join(root, d))
    .filter(existsSync);
  if (sources.some((d) => newest(d) > built))
    log('  warning: sources changed after the last build — dist may be stale (rebuild to measure them)');
}

/** Temp dirs of earlier runs that were killed before they could clean up (their owner is gone). */
function removeStaleWorkDirs() {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith('switchboard-bench-')) continue;
    const dir = join(tmpdir(), name);
    try {
      process.kill(Number(readFileSync(join(dir, 'owner.pid'), 'utf8')), 0);
    } catch (error) {
      if (error.code === 'ESRCH') rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** The commit under test, `+dirty` when the work tree has changes of any file git tracks or could add. */
function gitCommit() {
  const git = (...args) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const sha = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain') ? `${sha}+dirty` : sha;
  } catch {
    return null;
  }
}

/**
 * Run one load step and account the CPU every process used meanwhile. `procs.gateway` is one pid or the
 * pids of the replicas a row goes to (their sum is the row's gateway CPU); `procs.proxy` the load balancer
 * in front, if any. `watch` (optional) starts watching servers outside the benchmark and resolves to
 * `{ stop() }`, whose answer (`{ postgresMs, redisMs }`) is added to the row's CPU.
 */
async function measured(procs, fn, watch = null) {
  const gateways = [procs.gateway].flat().filter((pid) => pid != null);
  const sum = (values) => (values.includes(null) ? null : values.reduce((a, b) => a + b, 0));
  const cpuOf = () => {
    const each = gateways.map(cpuMsOf);
    return {
      gateway: sum(each),
      each,
      proxy: procs.proxy ? cpuMsOf(procs.proxy) : 0,
      agent: cpuMsOf(procs.agent),
      machine: machineBusyMs(),
    };
  };
  const watching = watch ? await watch() : null;
  const before = { ...cpuOf(), self: process.cpuUsage(), at: Date.now() };
  const result = await fn();
  const after = cpuOf();
  const wall = Date.now() - before.at;
  const self = process.cpuUsage(before.self);
  const delta = (key) => (after[key] === null || before[key] === null ? null : after[key] - before[key]);
  const cpu = {
    gatewayMs: delta('gateway'),
    agentMs: delta('agent'),
    loadGeneratorMs: (self.user + self.system) / 1000,
    ...(gateways.length > 1 && {
      gatewayMsEach: after.each.map((ms, i) =>
        ms === null || before.each[i] === null ? null : ms - before.each[i],
      ),
    }),
    ...(procs.proxy && { proxyMs: delta('proxy') }),
    ...(watching && (await watching.stop())),
  };
  const known = [delta('machine'), cpu.gatewayMs, cpu.agentMs, delta('proxy')];
  cpu.otherCores = known.includes(null)
    ? null
    : Math.max(0, (known[0] - known[1] - known[2] - known[3] - cpu.loadGeneratorMs) / wall);
  return { ...result, cpu, wallMs: wall };
}

/** Any non-2xx answer, socket error, timeout or wrong body makes the run invalid. */
function checkClean(phase, name, r) {
  const bad = { non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, wrongBody: r.mismatches };
  const problems = Object.entries(bad).filter(([, n]) => n > 0);
  if (problems.length)
    invalidate(
      `${phase} ${name}: ${problems.map(([k, n]) => `${n} ${k}`).join(', ')} (status codes ${JSON.stringify(r.statusCodes)})`,
    );
}

function newResults(config) {
  const { redisUrl, ...recorded } = config; // a Redis URL may carry a password
  return {
    tool: 'switchboard-bench',
    startedAt: new Date().toISOString(),
    config: {
      ...recorded,
      ...(redisUrl && { redis: redisWhere(redisUrl) }),
      outDir: relative(root, config.outDir) || '.',
    },
    environment: {
      // Every child (gateway, agent, proxies) is spawned with process.execPath: this is their Node too.
      node: process.version,
      gatewayNodeFlags: [...API_NODE_FLAGS, ...config.gatewayNodeArgs],
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
      commit: gitCommit(),
    },
    phases: {},
  };
}

/** Echo agent, database, gateway; then log in and register the agent. */
async function startStack(config, results, files) {
  const logDir = join(config.outDir, `logs-${stamp}`);
  mkdirSync(logDir, { recursive: true });
  files.logDir = logDir;
  removeStaleWorkDirs();
  const work = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  writeFileSync(join(work, 'owner.pid'), String(process.pid));
  state.cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  const died = (entry) =>
    invalidate(
      `${entry.name} exited unexpectedly (${entry.exited.signal ?? `code ${entry.exited.code}`}); ` +
        `see ${relative(root, entry.logFile)}`,
    );

  const agent = startNode({
    name: 'echo agent',
    script: join(here, 'echo-agent.mjs'),
    args: ['0'],
    env: { ...process.env, ECHO_HOST: '127.0.0.1', ECHO_STREAM: config.stream },
    cwd: work,
    logFile: join(logDir, 'echo-agent.log'),
    onUnexpectedExit: died,
  });
  const { url: agentUrl } = await firstMessage(agent, 10_000);
  // Phase E compares fresh gateways, so none carries the history of A–D.
  state.startForMetricsCost = (metrics, round) =>
    startGateway(config, results, files, {
      work,
      logDir,
      agentUrl,
      died,
      name: `gateway-metrics-${metrics ? 'on' : 'off'}-${round}`,
      env: { A2A_METRICS_ENABLED: String(metrics || config.metricsControl) },
      profile: false,
    });
  const agentProc = { gateway: null, agent: agent.child.pid };
  if (!/[A-DF]/.test(config.phases)) {
    log(`  echo agent ${agentUrl} (pid ${agent.child.pid}); phases ${config.phases} only`);
    return { agentUrl, targets: null, procs: agentProc };
  }
  const bare = startNode({
    name: 'bare proxy',
    script: join(here, 'bare-proxy.mjs'),
    args: [agentUrl],
    env: process.env,
    cwd: work,
    logFile: join(logDir, 'bare-proxy.log'),
    onUnexpectedExit: died,
  });
  const { url: bareProxyUrl } = await firstMessage(bare, 10_000);
  const json = config.jsonProxy
    ? startNode({
        name: 'JSON proxy',
        script: join(here, 'json-proxy.mjs'),
        args: [agentUrl],
        env: process.env,
        cwd: work,
        logFile: join(logDir, 'json-proxy.log'),
        onUnexpectedExit: died,
      })
    : null;
  const jsonProxyUrl = json ? (await firstMessage(json, 10_000)).url : null;
  const leanSecret = randomBytes(24).toString('hex');
  const leanProc = config.leanGateway
    ? startNode({
        name: 'lean gateway',
        script: join(here, 'lean-gateway.mjs'),
        args: [agentUrl],
        env: { ...process.env, LEAN_JWT_SECRET: leanSecret },
        cwd: work,
        logFile: join(logDir, 'lean-gateway.log'),
        onUnexpectedExit: died,
      })
    : null;
  const lean = leanProc
    ? {
        url: (await firstMessage(leanProc, 10_000)).url,
        token: signHs256({ sub: 'bench' }, leanSecret),
      }
    : null;

  const main = await startGateway(config, results, files, {
    work,
    logDir,
    agentUrl,
    died,
    name: 'gateway',
    env: mcpGatewayEnv(config),
  });
  results.environment.gatewayStartupMs = main.startupMs;
  log(
    `  gateway ${main.base} (pid ${main.child.pid}, ready in ${main.startupMs} ms, ${results.environment.database})`,
  );
  log(
    `  echo agent ${agentUrl} (pid ${agent.child.pid}, stream mode ${config.stream}); registered as "${main.agent.name}" (/${main.agent.slug})`,
  );
  const { base, token, agent: registered, child: gateway } = main;
  const targets = targetsFor({ agentUrl, bareProxyUrl, jsonProxyUrl, lean, base, agent: registered, token });
  // The reference proxies' own CPU is a benchmark process's, not a neighbour's: count it to their rows.
  targets.unary.find((t) => t.name === 'bare proxy').procs = { proxy: bare.child.pid };
  if (json) targets.unary.find((t) => t.name === 'JSON proxy').procs = { proxy: json.child.pid };
  if (leanProc) targets.unary.find((t) => t.name === 'lean gateway').procs = { proxy: leanProc.child.pid };
  if (config.replicas > 0) {
    const { rows, warmup } = await startReplicas(config, results, files, { work, logDir, agentUrl, died });
    targets.unary.push(...rows);
    targets.warmupOnly = warmup;
  }
  return {
    agentUrl,
    targets,
    procs: { ...agentProc, gateway: gateway.pid },
    gateway: { base, token, agent: registered, agentUrl },
  };
}

/**
 * `--replicas N`: N gateways on one fresh database and the machine's Redis (a key prefix of this run's own,
 * `REPLICA_URL` per replica, shared secrets and admin), then two round-robin proxies (bare-proxy.mjs): one in
 * front of all N, one in front of the first replica alone. Resolves to the rows they add and the warm-up of
 * the other replicas (replicaTargets).
 */
async function startReplicas(config, results, files, context) {
  const n = config.replicas;
  const redis = await openRedis(config.redisUrl);
  const keyPrefix = `switchboard-bench-${Date.now()}-${process.pid}`;
  state.cleanups.push(async () => {
    try {
      await redis.dropKeys(`${keyPrefix}:`);
    } finally {
      await redis.close();
    }
  });
  const db = await gw.createDatabase(process.env.DATABASE_URL);
  state.cleanups.push(() => db.drop());
  const shared = {
    ...context,
    db,
    secrets: gw.newSecrets(),
    admin: { email: 'bench-admin@example.com', password: `bench-${randomUUID()}` },
    cluster: { redisUrl: config.redisUrl, keyPrefix },
  };
  // The first alone (migrations, the admin, the agent), then the others together.
  const first = await startGateway(config, results, files, { ...shared, name: 'replica-1' });
  const others = await Promise.all(
    Array.from({ length: n - 1 }, (_, i) =>
      startGateway(config, results, files, { ...shared, name: `replica-${i + 2}`, register: false }),
    ),
  );
  const replicas = [first, ...others].map((r) => ({ base: r.base, pid: r.child.pid }));
  for (const { base } of replicas)
    await gw.waitInvocable(base, first.token, first.agent.name, { timeoutMs: 15_000 });

  const balancer = async (name, upstreams) => {
    const proc = startNode({
      name,
      script: join(here, 'bare-proxy.mjs'),
      args: [upstreams.map((r) => r.base).join(',')],
      env: process.env,
      cwd: context.work,
      logFile: join(context.logDir, `${name}.log`),
      onUnexpectedExit: context.died,
    });
    const { url } = await firstMessage(proc, 10_000);
    return { url, pid: proc.child.pid };
  };
  const lbOne = await balancer('lb-1', [replicas[0]]);
  const lbAll = await balancer(`lb-${n}`, replicas);

  results.environment.replicas = {
    count: n,
    redis: redisWhere(config.redisUrl),
    keyPrefix,
    database: 'one fresh database shared by the replicas, dropped afterwards',
    startupMs: [first, ...others].map((r) => r.startupMs),
  };
  log(
    `  ${n} replicas ${replicas.map((r) => `${r.base} (pid ${r.pid})`).join(', ')} on Redis ${redisWhere(config.redisUrl)} ` +
      `(prefix ${keyPrefix}); round-robin proxy ${lbAll.url}, single-replica proxy ${lbOne.url}`,
  );
  // Per row: the CPU of the replicas' own PostgreSQL backends and of the Redis server (whole server).
  const watch = async () => {
    const postgres = await db.watchCpu();
    const redisBefore = await redis.cpuMs();
    return {
      async stop() {
        const redisAfter = await redis.cpuMs();
        return {
          postgresMs: await postgres.stop(),
          redisMs: redisBefore === null || redisAfter === null ? null : redisAfter - redisBefore,
        };
      },
    };
  };
  const { rows, warmup } = replicaTargets({ replicas, lbOne, lbAll, agent: first.agent, token: first.token });
  return { rows: rows.map((t) => ({ ...t, watch })), warmup };
}

/**
 * Start one built gateway (its own database), log in, register the echo agent. `env` adds settings (the
 * metrics-off comparison); `profile: false` keeps profiler flags off it. A replica (`cluster`) gets the
 * database, secrets and admin of its cluster, Redis and its `REPLICA_URL`; `register: false` starts it
 * without logging in (another replica registered the agent).
 */
async function startGateway(
  config,
  results,
  files,
  {
    work,
    logDir,
    agentUrl,
    died,
    name,
    env = {},
    profile = true,
    db: clusterDb = null,
    secrets,
    admin = { email: 'bench-admin@example.com', password: `bench-${randomUUID()}` },
    cluster = null,
    register = true,
  },
) {
  let db = clusterDb;
  if (!db && config.database === 'postgres') {
    db = await gw.createDatabase(process.env.DATABASE_URL);
    results.environment.database = `postgres (fresh database per gateway, dropped afterwards)`;
    state.cleanups.push(() => db.drop());
  } else if (!db) results.environment.database = 'embedded PGlite (fresh temp dir)';
  const databaseUrl = db?.url ?? null;

  // The flags the API ships with (tools/api-node-flags.mjs), then BENCH_GATEWAY_NODE_ARGS (which can override them).
  const nodeArgs = [...API_NODE_FLAGS, ...(profile ? config.gatewayNodeArgs : [])];
  if (nodeArgs.some((a) => a.startsWith('--cpu-prof') || a.startsWith('--heap-prof'))) {
    files.profileDir = join(config.outDir, `profiles-${stamp}`);
    mkdirSync(files.profileDir, { recursive: true });
    for (const kind of ['cpu', 'heap']) {
      const wanted = nodeArgs.includes(`--${kind}-prof`);
      if (wanted && !nodeArgs.some((a) => a.startsWith(`--${kind}-prof-dir`)))
        nodeArgs.push(`--${kind}-prof-dir=${files.profileDir}`);
    }
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = startNode({
    name,
    script: GATEWAY_ENTRY,
    nodeArgs,
    env: {
      ...gw.gatewayEnv({
        port,
        dataDir: join(work, `data-${name}`),
        databaseUrl,
        logLevel: config.logLevel,
        adminEmail: admin.email,
        adminPassword: admin.password,
        secrets,
      }),
      ...(cluster && {
        REDIS_URL: cluster.redisUrl,
        REDIS_KEY_PREFIX: cluster.keyPrefix,
        REPLICA_URL: base,
      }),
      ...env,
    },
    cwd: work, // no stray .env file gets loaded
    logFile: join(logDir, `${name}.log`),
    onUnexpectedExit: died,
  });
  const startedAt = Date.now();
  const readiness = {
    timeoutMs: config.startupTimeoutSeconds * 1000,
    isDead: () => child.exited !== null || aborted(),
  };
  let ready = await gw.waitReady(base, readiness);
  const startupMs = Date.now() - startedAt;
  // A replica without Redis keeps serving on its own: that would measure something else, so wait for it.
  for (let i = 0; cluster && ready.redis !== 'up'; i++) {
    if (i === 25)
      throw new Error(`${name}: Redis is "${ready.redis}" on this replica after 5 s; see its log`);
    await sleep(200);
    ready = await gw.waitReady(base, readiness);
  }
  if (!register) return { base, child: child.child, entry: child, startupMs, db };
  const token = await gw.credentials(base, { ...admin, auth: config.auth });
  const agent = await gw.registerAgent(base, token, {
    name: 'bench_echo',
    endpointUrl: agentUrl,
    rateLimitRpm: 1_000_000,
  });
  return { base, token, agent, child: child.child, entry: child, startupMs, db };
}

/**
 * Warm-up, then A (fixed rate), B (saturation), C (SSE), with D (memory) sampled all along, then E
 * (metrics on vs off) — those of them BENCH_PHASES names.
 */
async function runPhases(config, results, stack) {
  const phase = async (title, step) => {
    if (aborted()) return;
    log(`  ${title}`);
    await step();
  };
  const settle = () => sleep(1000); // let an overloaded gateway drain before the next step
  if (stack.targets) await runMainPhases(config, results, stack, { phase, settle });
  if (config.metricsRounds > 0) await runMetricsCost(config, results, stack, { phase, settle });
  results.environment.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
}

/**
 * B repeated (BENCH_SAT_REPEATS): the repeat whose doors cost the median multiple of that repeat's bare proxy
 * (their CPU per call over the bare proxy's, averaged over the doors). A whole repeat, not a median per row:
 * the bare proxy's own CPU per request at saturation moves with the load's dynamics (0.07–0.15 ms here), so a
 * ratio only means something against the bare proxy of the same sequence. The report lists every repeat.
 */
function medianRepeat(runs) {
  const cpu = (r) => (r ? (r.cpu.proxyMs ?? r.cpu.gatewayMs ?? NaN) / r.requests : NaN);
  const doors = ['proxy', 'invoke'];
  const score = (run) => doors.reduce((sum, d) => sum + cpu(run[d]) / cpu(run['bare proxy']), 0) / doors.length;
  const ranked = runs.map((run, index) => ({ run, index, score: score(run) })).sort((a, b) => a.score - b.score);
  // An even count takes the costlier of the middle two.
  const chosen = ranked[Math.floor(ranked.length / 2)];
  return { rows: chosen.run, index: chosen.index };
}

async function runMainPhases(config, results, { targets, procs, gateway }, { phase, settle }) {
  const has = (letter) => config.phases.includes(letter);
  // null until a sample is read: an unreadable /proc must not look like a gateway using 0 MiB.
  const memory = { beforeLoad: memoryOf(procs.gateway), maxDuringLoadMiB: null };
  const sampler = setInterval(() => {
    const m = memoryOf(procs.gateway);
    if (m) memory.maxDuringLoadMiB = Math.max(memory.maxDuringLoadMiB ?? 0, m.rssMiB);
  }, 250);
  state.cleanups.push(() => clearInterval(sampler));
  // Each row is measured warm: `rowWarmupSeconds` of the row's own load first, not counted. Without it the first
  // gateway row after the direct and bare-proxy rows (~20 s with the gateway idle) pays V8's idle-time work —
  // the memory reducer's GCs and re-optimisation — in its first second: +90 ms at p99 at 1,000 req/s, on
  // whichever door came first (BENCH_ROW_WARMUP_SECONDS=0 shows it).
  const eachTarget = async (phaseName, key, measure) => {
    results.phases[key] = {};
    for (const target of targets.unary) {
      if (aborted()) break;
      await settle();
      if (config.rowWarmupSeconds > 0) {
        const warm = await measure(target, config.rowWarmupSeconds);
        checkClean(`${phaseName} (row warm-up)`, target.name, warm);
      }
      const r = await measured(
        target.procs ? { ...procs, ...target.procs } : procs,
        () => measure(target),
        target.watch,
      );
      checkClean(phaseName, target.name, r);
      results.phases[key][target.name] = r;
    }
  };

  await phase(`warm-up: ${config.warmupSeconds} s saturation per target`, async () => {
    for (const target of [...targets.unary, ...(targets.warmupOnly ?? [])]) {
      if (aborted()) break;
      const r = await saturate(target, { seconds: config.warmupSeconds, connections: 16 });
      checkClean('warm-up', target.name, r);
    }
    const warmup = Math.min(20, config.sseWarmup);
    await sseLoop(targets.streams, { requests: 0, warmup, shouldStop: aborted });
  });

  const { rate, seconds, rateConnections, pacing } = config;
  if (has('A'))
    await phase(
      `A. fixed rate ${rate} req/s × ${seconds} s per target (${rateConnections} connections, ${pacing} pacing)`,
      () =>
        eachTarget('fixed rate', 'fixedRate', (target, forSeconds = seconds) =>
          fixedRate(target, { rate, seconds: forSeconds, connections: rateConnections, pacing }),
        ),
    );

  const { saturationSeconds, saturationConnections, saturationRepeats: repeats } = config;
  if (has('B'))
    await phase(
      `B. saturation × ${saturationSeconds} s per target (${saturationConnections} connections)` +
        (repeats > 1 ? `, the whole row sequence ${repeats} times` : ''),
      async () => {
        const runs = [];
        for (let i = 0; i < repeats && !aborted(); i++) {
          await eachTarget('saturation', 'saturation', (target, forSeconds = saturationSeconds) =>
            saturate(target, { seconds: forSeconds, connections: saturationConnections }),
          );
          runs.push(results.phases.saturation);
        }
        if (runs.length > 1) {
          const median = medianRepeat(runs);
          results.phases.saturationRepeats = runs;
          results.phases.saturationMedianRepeat = median.index;
          results.phases.saturation = median.rows;
        }
      },
    );

  const { sseRequests: requests, sseWarmup: warmup } = config;
  if (has('C'))
    await phase(
      `C. SSE time to first event: ${requests} sequential streams per target (after ${warmup} warm-up), interleaved`,
      async () => {
        await settle();
        results.phases.sse = await measured(procs, async () => ({
          targets: await sseLoop(targets.streams, { requests, warmup, shouldStop: aborted }),
        }));
      },
    );

  clearInterval(sampler);
  memory.afterLoad = memoryOf(procs.gateway);
  if (has('D')) results.memory = memory;

  // After D, so the memory numbers stay those of A–C; F registers agents, so it is last on this gateway.
  if (config.mcp.enabled && !aborted()) {
    await settle();
    const context = { ...gateway, procs, measured, checkClean, aborted, log, settle };
    results.phases.mcp = await runMcpPhase(config, context);
  }
}

/**
 * E: metrics on vs off. Every round starts a fresh pair of gateways — one with A2A_METRICS_ENABLED=false —
 * each on its own fresh database, warms both up, then saturates both at once (half the connections each),
 * and stops them. Side by side, both meet the same machine at the same moment: on a shared 2-core VM the
 * cores' speed drifts by tens of per cent within seconds, and one gateway process can run ~10 % slower than
 * an identical one for its whole life (an A/A run, metrics on in both, showed 15 % between the two), which
 * rounds taken one after the other on one pair of processes mistook for the cost of metrics. So every round
 * has a fresh pair, started at once (started one after the other, the one left idle while the other started
 * ran slower in most A/A rounds, by up to 20 %), and rounds come in twos with the load order swapped
 * (report.mjs pairs them).
 * PostgreSQL's CPU is measured per database (the rows' tail flush included) and counted in the CPU row.
 */
async function runMetricsCost(config, results, { agentUrl, procs }, { phase, settle }) {
  const { metricsRounds: rounds, saturationSeconds, warmupSeconds } = config;
  const connections = Math.max(1, Math.round(config.saturationConnections / 2));
  await phase(
    `E. metrics on vs off${config.metricsControl ? ' (A/A control: on in both)' : ''}: ${rounds} round(s), each a ` +
      `fresh pair of gateways saturated side by side on /invoke (${saturationSeconds} s, ${connections} connections each)`,
    async () => {
      const cost = { connections, rounds: [] };
      results.phases.metricsCost = cost;
      for (let i = 0; i < rounds && !aborted(); i++) {
        const sides = [];
        try {
          const order = i % 2 === 0 ? [true, false] : [false, true];
          const started = await Promise.all(
            order.map((metrics) => state.startForMetricsCost(metrics, i + 1)),
          );
          for (const [j, gateway] of started.entries()) {
            const key = order[j] ? 'on' : 'off';
            const target = targetsFor({ agentUrl, bareProxyUrl: null, ...gateway }).unary.find(
              (t) => t.name === 'invoke',
            );
            sides.push({ key, gateway, target: { ...target, name: `invoke (metrics ${key})` } });
          }
          const load = (seconds) =>
            Promise.all(sides.map(({ target }) => saturate(target, { seconds, connections })));
          await load(warmupSeconds);
          // The warm-up's last rows go out on the next flush tick (1 s by default), before PostgreSQL is watched.
          await settle();
          await settle();
          const watches = await Promise.all(sides.map(({ gateway }) => gateway.db?.watchCpu() ?? null));
          const r = await measured(
            { gateway: sides.map(({ gateway }) => gateway.child.pid), agent: procs.agent },
            async () => ({ runs: await load(saturationSeconds) }),
          );
          await settle(); // this round's last rows are written on the next tick: count them too
          await settle();
          const postgresMs = await Promise.all(watches.map((w) => w?.stop() ?? null));
          const round = {
            loadedFirst: sides[0].key,
            restMs: null,
            otherCores: r.cpu.otherCores,
          };
          for (const [j, { key, target }] of sides.entries()) {
            const run = r.runs[j];
            checkClean('metrics on/off', target.name, run);
            round[key] = {
              throughput: run.throughput,
              calls: run.requests,
              gatewayMs: r.cpu.gatewayMsEach?.[j] ?? null,
              postgresMs: postgresMs[j],
            };
          }
          if (r.cpu.agentMs !== null) round.restMs = r.cpu.agentMs + r.cpu.loadGeneratorMs;
          cost.rounds.push(round);
        } finally {
          await stopChildren(sides.map(({ gateway }) => gateway.entry));
          await Promise.all(sides.map(({ gateway }) => gateway.db?.drop()));
        }
      }
    },
  );
}

async function main(config, results, files) {
  const { commit, node } = results.environment;
  log(`Switchboard benchmark — ${results.startedAt} · commit ${commit ?? '?'} · node ${node}`);
  checkBuild();
  const watchdog = setTimeout(() => {
    invalidate(`time limit of ${config.timeoutSeconds} s reached (BENCH_TIMEOUT_SECONDS)`);
    setTimeout(() => {
      console.error('Cleanup did not finish in time: killing the children.');
      killAllNow();
      process.exit(2);
    }, 20_000).unref();
  }, config.timeoutSeconds * 1000);
  watchdog.unref();
  const stack = await startStack(config, results, files);
  await runPhases(config, results, stack);
}

async function cleanup() {
  await stopAll(10_000);
  for (const fn of state.cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
}

function tail(file, lines = 25) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

let config;
try {
  config = readConfig();
  mkdirSync(config.outDir, { recursive: true });
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const results = newResults(config);
const files = { logDir: null, profileDir: null };
try {
  await main(config, results, files);
} catch (error) {
  if (error.setup) {
    console.error(`\n${error.message}`);
    await cleanup();
    process.exit(1);
  }
  if (error.message !== 'stopped') state.invalid.push(`run failed: ${error.message}`);
}
await cleanup();

if (state.interrupted) {
  console.error('Interrupted: no results written.');
  process.exit(130);
}
results.valid = state.invalid.length === 0;
results.invalidReasons = state.invalid;
results.finishedAt = new Date().toISOString();
if (files.profileDir) {
  results.profiles = readdirSync(files.profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) =>
      summarizeProfile(join(files.profileDir, f), {
        fromMs: (results.environment.gatewayStartupMs ?? 0) + 1000,
        top: 40,
      }),
    );
}
const report = printReport(results);
const jsonPath = join(config.outDir, `bench-${stamp}.json`);
writeFileSync(
  jsonPath,
  JSON.stringify({ ...results, derived: report.derived, targets: report.targets }, null, 2),
);
log(report.text);
for (const p of results.profiles ?? []) log(`\nGateway CPU profile:\n${formatSummary(p, 20)}`);
if (!results.valid && files.logDir) {
  log(
    `\nLast lines of the gateway log (${join(files.logDir, 'gateway.log')}):\n${tail(join(files.logDir, 'gateway.log'))}`,
  );
}
log(`\nFull results: ${jsonPath}${files.logDir ? `\nLogs: ${files.logDir}` : ''}`);
process.exit(results.valid ? 0 : 2);
