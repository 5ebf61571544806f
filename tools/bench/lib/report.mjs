// Turn the raw results into derived numbers (added latency, ratios), PASS/FAIL targets and the printed table.
import { deriveMcp, mcpLines, mcpTargets } from './mcp.mjs';
import { int, median, ms, round, signedMs, table } from './stats.mjs';

const GATEWAY_TARGETS = ['proxy', 'invoke'];
const REFERENCE = 'bare proxy'; // bare-proxy.mjs: measured and shown, no target of its own
const STREAM_TARGETS = ['rest /stream', 'proxy SendStreamingMessage'];
const LIMITS = { addedP50: 0.5, addedP99: 2, saturationRatio: 0.5, sseAddedP50: 2, metricsCost: 0.05 };
const SUSTAINED = 0.97; // a fixed-rate run that achieved less than 97 % of the rate did not hold it

// The rows `--replicas N` adds (targets.mjs replicaTargets): measured, with no target of their own.
const REPLICA = 'replica';
const LB_ONE = 'lb → 1 replica';
const lbAllOf = (n) => `lb → ${n} replicas`;

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
  derived.mcp = deriveMcp(results);
  return derived;
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
  const x = (v) => (v == null ? '-' : `${v.toFixed(2)} ×`);
  const out = [
    '',
    `Replicas — ${d.count} gateway replicas on one PostgreSQL database and Redis ${env.replicas?.redis ?? ''} behind a round-robin` +
      `\n  Node proxy (bare-proxy.mjs), POST /a2a/<name>/invoke; "replica" is one of them called directly, "invoke" the plain gateway.`,
  ];
  const s = d.saturation;
  if (s) {
    const sat = results.phases.saturation;
    out.push(
      `  ${all}: ${int(sat[all].throughput)} req/s = ${(100 * s.allVsDirect).toFixed(1)} % of direct; ${x(s.allVsOneThroughProxy)} ${LB_ONE} (same proxy),` +
        ` ${x(s.allVsReplica)} replica, ${x(s.allVsInvoke)} invoke.` +
        `\n  The hop: ${LB_ONE} = ${x(s.oneThroughProxyVsReplica)} replica. Being a replica (Redis): replica = ${x(s.replicaVsInvoke)} invoke.`,
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

export function targets(results, derived) {
  const list = [];
  const rate = int(results.config.rate);
  for (const name of GATEWAY_TARGETS) {
    const d = derived.fixedRate?.[name];
    if (!d) continue;
    const note = d.sustained
      ? ''
      : `rate not sustained: ${int(results.phases.fixedRate[name].throughput)} req/s`;
    list.push({
      id: `${name}.addedP50`,
      label: `${name}: added latency p50 @ ${rate} req/s`,
      value: d.addedP50Ms,
      shown: `${signedMs(d.addedP50Ms)} ms`,
      limit: `≤ ${LIMITS.addedP50} ms`,
      pass: d.sustained && d.addedP50Ms <= LIMITS.addedP50,
      note,
    });
    list.push({
      id: `${name}.addedP99`,
      label: `${name}: added latency p99 @ ${rate} req/s`,
      value: d.addedP99Ms,
      shown: `${signedMs(d.addedP99Ms)} ms`,
      limit: `≤ ${LIMITS.addedP99} ms`,
      pass: d.sustained && d.addedP99Ms <= LIMITS.addedP99,
      note,
    });
  }
  for (const name of GATEWAY_TARGETS) {
    const d = derived.saturation?.[name];
    if (!d) continue;
    list.push({
      id: `${name}.saturation`,
      label: `${name}: saturation throughput vs direct`,
      value: d.ratio,
      shown: `${(d.ratio * 100).toFixed(1)} %`,
      limit: `≥ ${LIMITS.saturationRatio * 100} %`,
      pass: d.ratio >= LIMITS.saturationRatio,
      note: '',
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
  for (const name of STREAM_TARGETS) {
    const d = derived.sse?.[name];
    if (!d) continue;
    list.push({
      id: `${name}.sseAddedP50`,
      label: `${name}: added time to first event p50`,
      value: d.addedFirstEventP50Ms,
      shown: `${signedMs(d.addedFirstEventP50Ms)} ms`,
      limit: `≤ ${LIMITS.sseAddedP50} ms`,
      pass: d.addedFirstEventP50Ms <= LIMITS.sseAddedP50,
      note: '',
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
    `Switchboard benchmark · ${results.startedAt} · commit ${env.commit ?? '?'} · node ${env.node} · ${env.cpus} × ${env.cpuModel}`,
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
          name === 'direct' || name === REFERENCE ? '-' : ms(perRequest(r.cpu.gatewayMs, r.requests)),
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
          name === 'direct' || name === REFERENCE ? '-' : ms(perRequest(r.cpu.gatewayMs, r.requests)),
          ...(proxied ? [ms(perRequest(r.cpu.proxyMs ?? null, r.requests))] : []),
          ms(perRequest(r.cpu.agentMs, r.requests)),
          ms(perRequest(r.cpu.loadGeneratorMs, r.requests)),
          cores(r),
        ]),
      ),
    );
  }
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
  const floorRate = derived.fixedRate?.[REFERENCE];
  const floorSat = derived.saturation?.[REFERENCE];
  if (floorRate || floorSat) {
    const parts = [];
    if (floorRate)
      parts.push(`adds p50 ${signedMs(floorRate.addedP50Ms)} ms, p99 ${signedMs(floorRate.addedP99Ms)} ms`);
    if (floorSat) {
      const relative = GATEWAY_TARGETS.filter((n) => derived.saturation[n])
        .map((n) => `${n} ${((100 * derived.saturation[n].ratio) / floorSat.ratio).toFixed(0)} %`)
        .join(', ');
      parts.push(
        `reaches ${(100 * floorSat.ratio).toFixed(1)} % of direct at saturation (gateway vs it: ${relative})`,
      );
    }
    out.push(
      '',
      `Reference — a bare Node pass-through proxy (bare-proxy.mjs: no auth, no parsing) ${parts.join('; ')}.`,
      '  That is the floor any Node proxy pays for the second hop on this machine.',
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
