// Turn the raw results into derived numbers (added latency, ratios), PASS/FAIL targets and the printed table.
import { deriveMcp, mcpLines, mcpTargets } from './mcp.mjs';
import { int, median, ms, round, signedMs, table } from './stats.mjs';

const GATEWAY_TARGETS = ['proxy', 'invoke'];
// bare-proxy.mjs: the least a Node second hop costs on this machine. The unary targets are stated against it,
// since no Node proxy reaches a fixed share of `direct` (a bare node:http server) — the bare proxy itself
// reaches 41–48 % of it here.
const REFERENCE = 'bare proxy';
/** The optional second reference row (BENCH_JSON_PROXY): Fastify + undici reading and re-writing the JSON. */
const JSON_PROXY = 'JSON proxy';
/** The optional third (BENCH_LEAN_GATEWAY): the least a gateway with these features must do, written flat. */
const LEAN_GATEWAY = 'lean gateway';
/** Rows of the benchmark's own processes, not of the gateway: no gateway CPU, no targets. */
const REFERENCES = new Set(['direct', REFERENCE, JSON_PROXY, LEAN_GATEWAY]);
const STREAM_TARGETS = ['rest /stream', 'proxy SendStreamingMessage'];
const LIMITS = {
  /** Gateway CPU per call at saturation (B), as a multiple of the bare proxy's CPU per request. */
  cpuVsBareProxy: 2,
  /** Saturation throughput (B) as a share of the bare proxy's. */
  throughputVsBareProxy: 0.5,
  /** Added latency at the fixed rate (A): at most the bare proxy's own added latency plus this. */
  addedP50OverBareProxyMs: 0.2,
  addedP99OverBareProxyMs: 1,
  /** Added time to the first SSE event (C, p50) over direct. */
  sseAddedP50Ms: 1,
  /** The gateway's RSS, the largest sampled during load (D). */
  peakRssMiB: 250,
  metricsCost: 0.05,
};
const SUSTAINED = 0.97; // a fixed-rate run that achieved less than 97 % of the rate did not hold it

// The rows `--replicas N` adds (targets.mjs replicaTargets): measured, with no target of their own.
const REPLICA = 'replica';
const LB_ONE = 'lb → 1 replica';
const lbAllOf = (n) => `lb → ${n} replicas`;

const times = (v) => (v == null ? '-' : `${v.toFixed(2)} ×`);
const percent = (v) => (v == null ? '-' : `${(100 * v).toFixed(1)} %`);
const signedPercent = (v) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)} %`;
const rangeOf = ([low, high]) => `pairs ${(100 * low).toFixed(1)} … ${(100 * high).toFixed(1)} %`;
const bad = (r) => r.non2xx + r.errors + r.timeouts + r.mismatches;
const perRequest = (cpuMs, requests) => (requests > 0 && cpuMs !== null ? cpuMs / requests : null);
const cores = (r) => (r.cpu?.otherCores != null ? r.cpu.otherCores.toFixed(2) : '-');

/**
 * Phase E. A round is a fresh pair of gateways measured side by side; rounds come in twos, each side loaded
 * first in one of them, and a pair's ratio is the geometric mean of its two rounds' (an order's bias
 * cancels). Throughput cost: 1 − on / off. Cost from CPU per call — what one call costs every process taking
 * part: its gateway, its database's PostgreSQL processes, and the echo agent and load generator (shared, so the
 * same for both sides) — 1 − cpu(off) / cpu(on). Both are medians over the pairs; the rest are medians over
 * the rounds.
 */
function deriveMetricsCost(phase) {
  const rounds = phase?.rounds?.filter((r) => r.on?.calls > 0 && r.off?.calls > 0) ?? [];
  if (rounds.length === 0) return undefined;
  const known = (values) => values.filter((v) => v !== null && v !== undefined);
  const mid = (values) => {
    const some = known(values);
    return some.length ? median(some) : null;
  };
  const each = (fn) => ({
    on: mid(rounds.map((r) => fn(r.on, r))),
    off: mid(rounds.map((r) => fn(r.off, r))),
  });
  const rest = (r) => perRequest(r.restMs, r.on.calls + r.off.calls);
  const whole = (side, r) =>
    [side.gatewayMs, side.postgresMs, r.restMs].some((v) => v === null || v === undefined)
      ? null
      : (side.gatewayMs + side.postgresMs) / side.calls + rest(r);
  const pairs = [];
  for (let i = 0; i + 1 < rounds.length; i += 2) pairs.push([rounds[i], rounds[i + 1]]);
  /**
   * Per pair, 1 − the geometric mean of its rounds' `ratio`: the median over the pairs, and the lowest and
   * highest pair (how far one pair can be off on this machine); null where a ratio is unknown.
   */
  const pairedCost = (ratio) => {
    const costs = known(
      pairs.map(([a, b]) => {
        const [x, y] = [ratio(a), ratio(b)];
        return x && y ? 1 - Math.sqrt(x * y) : null;
      }),
    );
    if (costs.length === 0) return { median: null, range: null };
    return {
      median: round(median(costs), 4),
      range: [round(Math.min(...costs), 4), round(Math.max(...costs), 4)],
    };
  };
  const throughput = pairedCost((r) => r.on.throughput / r.off.throughput);
  const cpu = pairedCost((r) => {
    const [on, off] = [whole(r.on, r), whole(r.off, r)];
    return on && off ? off / on : null;
  });
  return {
    rounds: rounds.length,
    pairs: pairs.length,
    onMedian: round(mid(rounds.map((r) => r.on.throughput)), 1),
    offMedian: round(mid(rounds.map((r) => r.off.throughput)), 1),
    cost: throughput.median,
    costRange: throughput.range,
    cpuCost: cpu.median,
    cpuCostRange: cpu.range,
    callCpuMs: each(whole),
    gatewayCpuMsPerCall: each((side) => perRequest(side.gatewayMs, side.calls)),
    postgresCpuMsPerCall: each((side) => perRequest(side.postgresMs, side.calls)),
    otherCores: mid(rounds.map((r) => r.otherCores)),
  };
}

export function derive(results) {
  const derived = {};
  const fixed = results.phases.fixedRate;
  const rate = results.config.rate;
  if (fixed?.direct) {
    derived.fixedRate = {};
    for (const [name, gw] of Object.entries(fixed)) {
      if (name === 'direct') continue;
      derived.fixedRate[name] = {
        addedP50Ms: round(gw.latency.p50 - fixed.direct.latency.p50, 4),
        addedP99Ms: round(gw.latency.p99 - fixed.direct.latency.p99, 4),
        sustained: gw.throughput >= rate * SUSTAINED,
        directSustained: fixed.direct.throughput >= rate * SUSTAINED,
      };
    }
  }
  const sat = results.phases.saturation;
  if (sat?.direct) {
    derived.saturation = {};
    for (const [name, r] of Object.entries(sat))
      if (name !== 'direct')
        derived.saturation[name] = { ratio: round(r.throughput / sat.direct.throughput, 4) };
  }
  derived.replicas = deriveReplicas(results);
  derived.metricsCost = deriveMetricsCost(results.phases.metricsCost);
  const sse = results.phases.sse?.targets;
  if (sse) {
    const direct = sse.find((t) => t.name === 'direct');
    derived.sse = {};
    for (const t of sse.filter((x) => x !== direct)) {
      derived.sse[t.name] = {
        addedFirstEventP50Ms: round(t.firstEvent.p50 - direct.firstEvent.p50, 4),
        addedFirstEventP99Ms: round(t.firstEvent.p99 - direct.firstEvent.p99, 4),
      };
    }
  }
  derived.vsBareProxy = deriveVsBareProxy(results, derived);
  derived.jsonProxy = deriveReference(results, derived, JSON_PROXY);
  derived.leanGateway = deriveReference(results, derived, LEAN_GATEWAY);
  derived.mcp = deriveMcp(results);
  return derived;
}

/**
 * Each gateway door against the bare proxy of the same run: CPU per call and throughput at saturation (B),
 * added latency at the fixed rate (A) next to the bare proxy's. A part is left out when a phase did not run.
 */
function deriveVsBareProxy(results, derived) {
  const sat = results.phases.saturation;
  const floorRate = derived.fixedRate?.[REFERENCE];
  const floorSat = sat?.[REFERENCE];
  const ratio = (a, b) => (a == null || b == null || b === 0 ? null : round(a / b, 4));
  const out = {};
  for (const door of GATEWAY_TARGETS) {
    const d = {};
    const rate = derived.fixedRate?.[door];
    if (rate && floorRate)
      Object.assign(d, {
        addedP50Ms: rate.addedP50Ms,
        bareProxyAddedP50Ms: floorRate.addedP50Ms,
        addedP50OverBareProxyMs: round(rate.addedP50Ms - floorRate.addedP50Ms, 4),
        addedP99Ms: rate.addedP99Ms,
        bareProxyAddedP99Ms: floorRate.addedP99Ms,
        addedP99OverBareProxyMs: round(rate.addedP99Ms - floorRate.addedP99Ms, 4),
        sustained: rate.sustained,
        bareProxySustained: floorRate.sustained,
      });
    if (sat?.[door] && floorSat) {
      const cpuMsPerCall = perRequest(sat[door].cpu.gatewayMs, sat[door].requests);
      const bareProxyCpuMsPerCall = perRequest(floorSat.cpu.proxyMs ?? null, floorSat.requests);
      Object.assign(d, {
        cpuMsPerCall: round(cpuMsPerCall, 4),
        bareProxyCpuMsPerCall: round(bareProxyCpuMsPerCall, 4),
        cpuVsBareProxy: ratio(cpuMsPerCall, bareProxyCpuMsPerCall),
        throughput: round(sat[door].throughput, 1),
        bareProxyThroughput: round(floorSat.throughput, 1),
        throughputVsBareProxy: ratio(sat[door].throughput, floorSat.throughput),
        throughputVsDirect: derived.saturation?.[door]?.ratio ?? null,
      });
    }
    if (Object.keys(d).length) out[door] = d;
  }
  return Object.keys(out).length ? out : null;
}

/**
 * A reference row next to the bare proxy: the JSON proxy (json-proxy.mjs: the gateway's HTTP stack reading and
 * re-writing the call, nothing else) — how much of a gateway's cost over the bare proxy the stack alone takes;
 * the lean gateway (lean-gateway.mjs) — what the gateway's features cost at the least, written flat.
 */
function deriveReference(results, derived, name) {
  const sat = results.phases.saturation;
  const json = sat?.[name];
  const floor = sat?.[REFERENCE];
  const rate = derived.fixedRate?.[name];
  if (!json && !rate) return null;
  const cpu = json ? perRequest(json.cpu.proxyMs ?? null, json.requests) : null;
  const floorCpu = floor ? perRequest(floor.cpu.proxyMs ?? null, floor.requests) : null;
  return {
    cpuMsPerCall: round(cpu, 4),
    cpuVsBareProxy: cpu == null || !floorCpu ? null : round(cpu / floorCpu, 4),
    throughput: json ? round(json.throughput, 1) : null,
    throughputVsBareProxy: json && floor ? round(json.throughput / floor.throughput, 4) : null,
    addedP50Ms: rate?.addedP50Ms ?? null,
    addedP99Ms: rate?.addedP99Ms ?? null,
  };
}

/** Per gateway door, next to the bare proxy: what the unary targets are judged on. */
function vsBareProxyLines(results, derived) {
  const doors = Object.entries(derived.vsBareProxy ?? {});
  if (!doors.length) return [];
  const floorRate = derived.fixedRate?.[REFERENCE];
  const floorSat = results.phases.saturation?.[REFERENCE];
  const parts = [];
  if (floorSat)
    parts.push(
      `${int(floorSat.throughput)} req/s at saturation = ${percent(derived.saturation?.[REFERENCE]?.ratio)} of direct, ` +
        `${ms(perRequest(floorSat.cpu.proxyMs ?? null, floorSat.requests))} ms of its CPU a request`,
    );
  if (floorRate)
    parts.push(
      `adds p50 ${signedMs(floorRate.addedP50Ms)} ms, p99 ${signedMs(floorRate.addedP99Ms)} ms at ${int(results.config.rate)} req/s`,
    );
  const vs = (added, floor) => (added === undefined ? '-' : `${signedMs(added)} (${signedMs(floor)})`);
  const referenceLine = (r, what) =>
    r
      ? [
          `  ${what}: ${ms(r.cpuMsPerCall)} ms of CPU a request = ` +
            `${times(r.cpuVsBareProxy)} the bare proxy's, ${int(r.throughput)} req/s (${percent(r.throughputVsBareProxy)} of the bare proxy's)` +
            (r.addedP50Ms != null
              ? `, adds p50 ${signedMs(r.addedP50Ms)} ms, p99 ${signedMs(r.addedP99Ms)} ms`
              : '') +
            '.',
        ]
      : [];
  const jsonLine = [
    ...referenceLine(
      derived.jsonProxy,
      "JSON proxy (json-proxy.mjs: Fastify + undici, the call's JSON parsed and written again both ways, nothing else — " +
        'the floor of a gateway on this stack that reads the call)',
    ),
    ...referenceLine(
      derived.leanGateway,
      'Lean gateway (lean-gateway.mjs: the JSON proxy plus a cached JWT, both messages validated with the lib\'s schemas, ' +
        'a rate limit, a timeout, Prometheus and a metric row per call, written flat — the least these features cost here)',
    ),
  ];
  const repeats = results.phases.saturationRepeats;
  const repeatLines = repeats
    ? [
        `  B ran ${repeats.length} times; the rows below are repeat ${results.phases.saturationMedianRepeat + 1}, the median one (by the doors' CPU × the bare proxy's). Per repeat, CPU × / req/s vs its bare proxy:`,
        ...[...GATEWAY_TARGETS, JSON_PROXY, LEAN_GATEWAY]
          .filter((name) => repeats[0][name])
          .map((name) => {
            const each = repeats.map((run) => {
              const r = run[name];
              const floor = run[REFERENCE];
              const cpu = perRequest(r.cpu.proxyMs ?? r.cpu.gatewayMs ?? null, r.requests);
              const floorCpu = perRequest(floor.cpu.proxyMs ?? null, floor.requests);
              return `${times(cpu == null || !floorCpu ? null : cpu / floorCpu)} / ${percent(r.throughput / floor.throughput)}`;
            });
            return `    ${name}: ${each.join(' · ')}`;
          }),
      ]
    : [];
  return [
    '',
    `Against the bare proxy (bare-proxy.mjs: node:http + undici, no auth, no parsing — the floor of a Node second hop here):` +
      `\n  ${parts.join('; ')}.` +
      `\n  Per door: CPU per call and req/s at saturation (B), added latency over direct at the fixed rate (A), the bare proxy's in brackets.`,
    ...jsonLine,
    ...repeatLines,
    table(
      [
        'door',
        'gw CPU ms/call',
        'bare proxy CPU',
        'CPU ×',
        'req/s',
        'vs bare proxy',
        'vs direct',
        'added p50 ms',
        'added p99 ms',
      ],
      doors.map(([name, d]) => [
        name,
        ms(d.cpuMsPerCall),
        ms(d.bareProxyCpuMsPerCall),
        times(d.cpuVsBareProxy),
        int(d.throughput),
        percent(d.throughputVsBareProxy),
        percent(d.throughputVsDirect),
        vs(d.addedP50Ms, d.bareProxyAddedP50Ms),
        vs(d.addedP99Ms, d.bareProxyAddedP99Ms),
      ]),
    ),
  ];
}

/** Each process's CPU per call of one row, and their sum (null parts are left out of it). */
function cpuPerCall(r) {
  const per = (cpuMs) => perRequest(cpuMs ?? null, r.requests);
  const parts = {
    gateways: per(r.cpu.gatewayMs),
    proxy: per(r.cpu.proxyMs),
    agent: per(r.cpu.agentMs),
    loadGenerator: per(r.cpu.loadGeneratorMs),
    postgres: per(r.cpu.postgresMs),
    redis: per(r.cpu.redisMs),
  };
  const total = Object.values(parts).reduce((sum, v) => sum + (v ?? 0), 0);
  return { ...parts, each: r.cpu.gatewayMsEach?.map(per) ?? null, total: round(total, 4) };
}

/**
 * `--replicas N`: N replicas through the proxy against direct, against one replica through the same proxy
 * (what more replicas buy), against one replica called directly and against the plain gateway (`invoke`).
 */
function deriveReplicas(results) {
  const n = results.config.replicas;
  if (!n) return null;
  const all = lbAllOf(n);
  const out = { count: n, rows: [REPLICA, LB_ONE, all] };
  const sat = results.phases.saturation;
  if (sat?.[all]) {
    const ratio = (a, b) => (sat[a] && sat[b] ? round(sat[a].throughput / sat[b].throughput, 4) : null);
    out.saturation = {
      allVsDirect: ratio(all, 'direct'),
      allVsOneThroughProxy: ratio(all, LB_ONE),
      allVsReplica: ratio(all, REPLICA),
      allVsInvoke: ratio(all, 'invoke'),
      oneThroughProxyVsReplica: ratio(LB_ONE, REPLICA),
      replicaVsInvoke: ratio(REPLICA, 'invoke'),
    };
    out.cpuMsPerCall = Object.fromEntries(
      [REPLICA, LB_ONE, all].filter((k) => sat[k]).map((k) => [k, cpuPerCall(sat[k])]),
    );
  }
  const fixed = results.phases.fixedRate;
  if (fixed?.[all] && fixed[LB_ONE])
    out.fixedRate = {
      allVsOneThroughProxyP50Ms: round(fixed[all].latency.p50 - fixed[LB_ONE].latency.p50, 4),
      allVsOneThroughProxyP99Ms: round(fixed[all].latency.p99 - fixed[LB_ONE].latency.p99, 4),
    };
  return out;
}

function replicaLines(results, d) {
  if (!d?.saturation && !d?.fixedRate) return [];
  const { environment: env } = results;
  const all = lbAllOf(d.count);
  const out = [
    '',
    `Replicas — ${d.count} gateway replicas on one PostgreSQL database and Redis ${env.replicas?.redis ?? ''} behind a round-robin` +
      `\n  Node proxy (bare-proxy.mjs), POST /a2a/<name>/invoke; "replica" is one of them called directly, "invoke" the plain gateway.`,
  ];
  const s = d.saturation;
  if (s) {
    const sat = results.phases.saturation;
    out.push(
      `  ${all}: ${int(sat[all].throughput)} req/s = ${(100 * s.allVsDirect).toFixed(1)} % of direct; ${times(s.allVsOneThroughProxy)} ${LB_ONE} (same proxy),` +
        ` ${times(s.allVsReplica)} replica, ${times(s.allVsInvoke)} invoke.` +
        `\n  The hop: ${LB_ONE} = ${times(s.oneThroughProxyVsReplica)} replica. Being a replica (Redis): replica = ${times(s.replicaVsInvoke)} invoke.`,
    );
    const cpu = d.cpuMsPerCall;
    const rows = Object.entries(cpu).map(([name, c]) => [
      name,
      ms(c.gateways) + (c.each ? ` (${c.each.map(ms).join(' + ')})` : ''),
      ms(c.proxy),
      ms(c.agent),
      ms(c.loadGenerator),
      ms(c.postgres),
      ms(c.redis),
      ms(c.total),
      c.total > 0 ? int((env.cpus * 1000) / c.total) : '-',
    ]);
    out.push(
      `  CPU ms per call at saturation (B), by process; Redis is the whole server's CPU. "ceiling" = ${env.cpus} cores ÷ total:`,
      table(
        ['', 'replicas', 'proxy', 'agent', 'loadgen', 'PostgreSQL', 'Redis', 'total', 'ceiling req/s'],
        rows,
      ),
    );
  }
  if (d.fixedRate)
    out.push(
      `  At ${int(results.config.rate)} req/s (A): ${all} vs ${LB_ONE}: p50 ${signedMs(d.fixedRate.allVsOneThroughProxyP50Ms)} ms, p99 ${signedMs(d.fixedRate.allVsOneThroughProxyP99Ms)} ms.`,
    );
  return out;
}

/**
 * The targets, PASS or FAIL, from the raw results and what `derive` made of them. A target whose phase did not
 * run is left out; one whose number could not be measured (no /proc) is listed as FAIL, "not measured".
 */
export function targets(results, derived) {
  const list = [];
  const rate = int(results.config.rate);
  const judged = (value, ok) => value !== null && value !== undefined && ok(value);
  const unmeasured = (value) => (value === null || value === undefined ? 'not measured' : '');
  for (const name of GATEWAY_TARGETS) {
    const d = derived.vsBareProxy?.[name];
    if (d?.cpuVsBareProxy !== undefined)
      list.push({
        id: `${name}.cpuVsBareProxy`,
        label: `${name}: gateway CPU per call at saturation vs the bare proxy's`,
        value: d.cpuVsBareProxy,
        shown: times(d.cpuVsBareProxy),
        limit: `≤ ${LIMITS.cpuVsBareProxy} ×`,
        pass: judged(d.cpuVsBareProxy, (v) => v <= LIMITS.cpuVsBareProxy),
        note: unmeasured(d.cpuVsBareProxy) || `${ms(d.cpuMsPerCall)} vs ${ms(d.bareProxyCpuMsPerCall)} ms`,
      });
    if (d?.throughputVsBareProxy !== undefined)
      list.push({
        id: `${name}.throughputVsBareProxy`,
        label: `${name}: saturation throughput vs the bare proxy's`,
        value: d.throughputVsBareProxy,
        shown: percent(d.throughputVsBareProxy),
        limit: `≥ ${LIMITS.throughputVsBareProxy * 100} %`,
        pass: judged(d.throughputVsBareProxy, (v) => v >= LIMITS.throughputVsBareProxy),
        note: `${int(d.throughput)} vs ${int(d.bareProxyThroughput)} req/s; ${percent(d.throughputVsDirect)} of direct`,
      });
    if (d?.addedP50Ms === undefined) continue;
    // Both rows must have held the rate: otherwise one of them measured queueing, not its overhead.
    const held = d.sustained && d.bareProxySustained;
    const note = [
      d.sustained ? '' : `not held: ${int(results.phases.fixedRate[name].throughput)} req/s`,
      d.bareProxySustained
        ? ''
        : `bare proxy did not hold it: ${int(results.phases.fixedRate[REFERENCE].throughput)} req/s`,
    ]
      .filter(Boolean)
      .join('; ');
    const latency = [
      ['p50', d.addedP50Ms, d.bareProxyAddedP50Ms, LIMITS.addedP50OverBareProxyMs],
      ['p99', d.addedP99Ms, d.bareProxyAddedP99Ms, LIMITS.addedP99OverBareProxyMs],
    ];
    for (const [p, added, floor, over] of latency) {
      const limit = round(floor + over, 4); // 0.7 + 0.2 is 0.8999…: a door at +0.9 must not fail on that
      list.push({
        id: `${name}.added${p.toUpperCase()}VsBareProxy`,
        label: `${name}: added latency ${p} @ ${rate} req/s`,
        value: added,
        shown: `${signedMs(added)} ms`,
        limit: `≤ ${signedMs(limit)} ms (bare proxy ${signedMs(floor)} + ${over})`,
        pass: held && added <= limit,
        note,
      });
    }
  }
  for (const name of STREAM_TARGETS) {
    const d = derived.sse?.[name];
    if (!d) continue;
    list.push({
      id: `${name}.sseAddedP50`,
      label: `${name}: added time to first event p50`,
      value: d.addedFirstEventP50Ms,
      shown: `${signedMs(d.addedFirstEventP50Ms)} ms`,
      limit: `≤ ${LIMITS.sseAddedP50Ms} ms`,
      pass: d.addedFirstEventP50Ms <= LIMITS.sseAddedP50Ms,
      note: '',
    });
  }
  if (results.memory) {
    const peak = results.memory.maxDuringLoadMiB;
    list.push({
      id: 'memory.peakRss',
      label: 'gateway RSS under load (largest sampled)',
      value: peak,
      shown: peak == null ? '-' : `${Math.round(peak)} MiB`,
      limit: `≤ ${LIMITS.peakRssMiB} MiB`,
      pass: judged(peak, (v) => v <= LIMITS.peakRssMiB),
      note: unmeasured(peak),
    });
  }
  // An A/A control (BENCH_METRICS_AA=1: metrics on in both gateways) is not judged: it shows the noise.
  if (derived.metricsCost && derived.metricsCost.cost !== null && !results.config.metricsControl) {
    const d = derived.metricsCost;
    list.push({
      id: 'metrics.cost',
      label: 'metrics on vs off: throughput cost (median of round pairs)',
      value: d.cost,
      shown: `${(d.cost * 100).toFixed(1)} %`,
      limit: `≤ ${LIMITS.metricsCost * 100} %`,
      pass: d.cost <= LIMITS.metricsCost,
      note: `${int(d.onMedian)} vs ${int(d.offMedian)} req/s; ${d.pairs} pair(s) of rounds, ${rangeOf(d.costRange)}`,
    });
    if (d.cpuCost !== null)
      list.push({
        id: 'metrics.cpuCost',
        label: 'metrics on vs off: throughput cost from CPU per call',
        value: d.cpuCost,
        shown: `${(d.cpuCost * 100).toFixed(1)} %`,
        limit: `≤ ${LIMITS.metricsCost * 100} %`,
        pass: d.cpuCost <= LIMITS.metricsCost,
        note: `${ms(d.callCpuMs.on)} vs ${ms(d.callCpuMs.off)} ms a call, all processes; ${rangeOf(d.cpuCostRange)}`,
      });
  }
  list.push(...mcpTargets(results, derived.mcp));
  return list;
}

export function printReport(results) {
  const derived = derive(results);
  const goals = targets(results, derived);
  const { config, environment: env } = results;
  const out = [];
  out.push('');
  out.push(
    `Switchboard benchmark · ${results.startedAt} · commit ${env.commit ?? '?'} · node ${env.node} (gateway and every child; gateway flags: ${(env.gatewayNodeFlags ?? []).join(' ') || 'none'}) · ${env.cpus} × ${env.cpuModel}`,
  );
  out.push(
    `gateway on ${env.database}, auth ${config.auth}, echo agent streams "${config.stream}" · load average at start ${env.loadAverageAtStart.join(' ')}, at end ${env.loadAverageAtEnd?.join(' ') ?? '-'}`,
  );
  out.push(
    `NOTE: the load generator (autocannon, in this process), the gateway (with its database) and the echo agent all share these ${env.cpus} cores,` +
      `\n      so the gateway competes with its own load; "other" = cores busy with processes outside the benchmark (should be ~0).`,
  );

  const fixed = results.phases.fixedRate;
  if (fixed) {
    out.push('');
    out.push(
      `A. Fixed rate ${int(config.rate)} req/s × ${config.seconds} s per target, ${config.rateConnections} connections, ${config.pacing} pacing — latency in ms, request sent → response complete`,
    );
    out.push(
      table(
        [
          'target',
          'req/s',
          'p50',
          'p90',
          'p99',
          'max',
          'late sends',
          'errors',
          'gw CPU ms/req',
          'other cores',
        ],
        Object.entries(fixed).map(([name, r]) => [
          name,
          int(r.throughput),
          ms(r.latency.p50),
          ms(r.latency.p90),
          ms(r.latency.p99),
          ms(r.latency.max),
          r.pacing === 'even' ? `${((100 * r.lateSends) / Math.max(1, r.sends)).toFixed(1)} %` : 'n/a',
          bad(r),
          REFERENCES.has(name)
            ? '-'
            : ms(perRequest(r.cpu.gatewayMs, r.requests)),
          cores(r),
        ]),
      ),
    );
    const rows = Object.entries(derived.fixedRate ?? {}).map(([name, d]) => [
      `${name} − direct`,
      `${signedMs(d.addedP50Ms)}`,
      `${signedMs(d.addedP99Ms)}`,
      d.sustained ? 'yes' : `NO (${int(fixed[name].throughput)} req/s)`,
    ]);
    if (rows.length) out.push('', table(['added latency', 'p50 ms', 'p99 ms', 'rate held'], rows));
    if (Object.values(derived.fixedRate ?? {}).some((d) => !d.sustained)) {
      out.push(
        `  The gateway did not keep up with ${int(config.rate)} req/s: its latencies above are queueing under overload, not` +
          `\n  per-request overhead. For the overhead itself see C (sequential), or rerun with BENCH_RATE below B's req/s.`,
      );
    }
  }

  const sat = results.phases.saturation;
  if (sat) {
    out.push('');
    out.push(
      `B. Saturation × ${config.saturationSeconds} s per target, ${config.saturationConnections} connections, no rate cap (latency: autocannon, whole ms)`,
    );
    const proxied = Object.values(sat).some((r) => r.cpu?.proxyMs != null);
    const columns = [
      'target',
      'req/s',
      'vs direct',
      'p50 ms',
      'p99 ms',
      'errors',
      'gw CPU ms/req',
      ...(proxied ? ['proxy CPU ms/req'] : []),
      'agent CPU ms/req',
      'loadgen CPU ms/req',
      'other cores',
    ];
    out.push(
      table(
        columns,
        Object.entries(sat).map(([name, r]) => [
          name,
          int(r.throughput),
          name === 'direct' ? '100 %' : `${(100 * derived.saturation[name].ratio).toFixed(1)} %`,
          r.autocannonLatencyMs.p50,
          r.autocannonLatencyMs.p99,
          bad(r),
          REFERENCES.has(name)
            ? '-'
            : ms(perRequest(r.cpu.gatewayMs, r.requests)),
          ...(proxied ? [ms(perRequest(r.cpu.proxyMs ?? null, r.requests))] : []),
          ms(perRequest(r.cpu.agentMs, r.requests)),
          ms(perRequest(r.cpu.loadGeneratorMs, r.requests)),
          cores(r),
        ]),
      ),
    );
  }
  out.push(...vsBareProxyLines(results, derived));
  out.push(...replicaLines(results, derived.replicas));

  const sse = results.phases.sse;
  if (sse) {
    out.push('');
    out.push(
      `C. SSE time to first event — ${config.sseRequests} sequential streams per target after ${config.sseWarmup} warm-up, interleaved; ms from request start (other cores ${cores(sse)})`,
    );
    out.push(
      table(
        [
          'target',
          'first p50',
          'first p99',
          'first max',
          'added p50',
          'added p99',
          'stream end p50',
          'events',
        ],
        sse.targets.map((t) => [
          t.name,
          ms(t.firstEvent.p50),
          ms(t.firstEvent.p99),
          ms(t.firstEvent.max),
          t.name === 'direct' ? '-' : signedMs(derived.sse[t.name].addedFirstEventP50Ms),
          t.name === 'direct' ? '-' : signedMs(derived.sse[t.name].addedFirstEventP99Ms),
          ms(t.wholeStream.p50),
          t.eventsPerStream,
        ]),
      ),
    );
  }

  const mem = results.memory;
  if (mem) {
    const mib = (v) => (v === null || v === undefined ? '-' : `${Math.round(v)} MiB`);
    out.push('');
    out.push(
      `D. Gateway memory (RSS): before load ${mib(mem.beforeLoad?.rssMiB)} · after load ${mib(mem.afterLoad?.rssMiB)} · ` +
        `max sampled during load ${mib(mem.maxDuringLoadMiB)} · peak since start (VmHWM) ${mib(mem.afterLoad?.hwmMiB)}`,
    );
  }

  out.push(...mcpLines(results, derived.mcp));

  if (goals.length) {
    const rows = goals.map((g) => [g.pass ? 'PASS' : 'FAIL', g.label, g.shown, g.limit, g.note]);
    out.push('', 'Targets', table(['', 'what', 'measured', 'target', ''], rows, 'llrll'));
  }
  const mc = derived.metricsCost;
  if (mc?.gatewayCpuMsPerCall?.on != null && mc.gatewayCpuMsPerCall.off != null) {
    const g = mc.gatewayCpuMsPerCall;
    if (results.config.metricsControl)
      out.push(
        '',
        `E. A/A control (BENCH_METRICS_AA=1: metrics on in both gateways; "on" and "off" only name the sides): ` +
          `throughput difference ${signedPercent(mc.cost)} (${rangeOf(mc.costRange)}), CPU per call difference ` +
          `${signedPercent(mc.cpuCost ?? NaN)}${mc.cpuCostRange ? ` (${rangeOf(mc.cpuCostRange)})` : ''}: what this machine shows when there is nothing to find.`,
      );
    out.push(
      '',
      `E. ${results.config.metricsControl ? 'Per side' : 'Metrics on vs off'} (medians of ${mc.rounds} paired round(s)): ` +
        `${int(mc.onMedian)} vs ${int(mc.offMedian)} req/s; ` +
        `gateway CPU per call ${ms(g.on)} vs ${ms(g.off)} ms (${signedPercent(g.on / g.off - 1)} in the gateway); ` +
        `other ${mc.otherCores?.toFixed(2) ?? '-'} busy cores outside the benchmark (PostgreSQL, and any neighbour).`,
    );
    const pg = mc.postgresCpuMsPerCall;
    if (pg.on != null && pg.off != null)
      out.push(
        `   PostgreSQL CPU per call, from the server processes of each gateway's own database: ` +
          `${(pg.on * 1000).toFixed(1)} vs ${(pg.off * 1000).toFixed(1)} µs.`,
      );
  }
  out.push('');
  if (results.valid)
    out.push(`VALID run: ${goals.filter((g) => g.pass).length}/${goals.length} targets met.`);
  else
    out.push(
      `INVALID run — the numbers above cannot be trusted:\n${results.invalidReasons.map((r) => `  - ${r}`).join('\n')}`,
    );
  return { text: out.join('\n'), targets: goals, derived };
}
