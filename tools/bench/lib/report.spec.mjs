// The verdicts of the report: given the numbers a run measured, which targets pass.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { derive, targets } from './report.mjs';

const SECONDS = 10;

/** One load step as run.mjs records it: throughput, latency (ms) and the CPU (ms) each process used. */
function step({ throughput, p50 = 0, p99 = 0, gatewayMs = null, proxyMs }) {
  const requests = throughput * SECONDS;
  return {
    throughput,
    requests,
    latency: { p50, p90: p50, p99, max: p99 },
    cpu: { gatewayMs, agentMs: 0, loadGeneratorMs: 0, ...(proxyMs !== undefined && { proxyMs }) },
  };
}
const perCall = (ms, throughput) => ms * throughput * SECONDS;

/**
 * A run where every door sits inside its bounds: the bare proxy at 10,000 req/s and 0.1 ms of its CPU a request,
 * adding +0.2 / +1.0 ms at 1,000 req/s; the doors at 1.5 × its CPU, 60 % of its throughput, +0.15 / +0.9 ms more
 * than it adds; the streams +0.8 ms; 200 MiB at most.
 */
function passingRun() {
  return {
    config: { rate: 1000 },
    phases: {
      fixedRate: {
        direct: step({ throughput: 1000, p50: 0.2, p99: 0.5 }),
        'bare proxy': step({ throughput: 1000, p50: 0.4, p99: 1.5 }),
        proxy: step({ throughput: 1000, p50: 0.55, p99: 2.4 }),
        invoke: step({ throughput: 1000, p50: 0.55, p99: 2.4 }),
      },
      saturation: {
        direct: step({ throughput: 20_000 }),
        'bare proxy': step({ throughput: 10_000, proxyMs: perCall(0.1, 10_000) }),
        proxy: step({ throughput: 6_000, gatewayMs: perCall(0.15, 6_000) }),
        invoke: step({ throughput: 6_000, gatewayMs: perCall(0.15, 6_000) }),
      },
      sse: {
        targets: ['direct', 'rest /stream', 'proxy SendStreamingMessage'].map((name) => ({
          name,
          firstEvent: { p50: name === 'direct' ? 1 : 1.8, p99: 3 },
        })),
      },
    },
    memory: { maxDuringLoadMiB: 200 },
  };
}

const DOOR_TARGETS = [
  'cpuVsBareProxy',
  'throughputVsBareProxy',
  'addedP50VsBareProxy',
  'addedP99VsBareProxy',
];
const ALL_TARGETS = [
  ...DOOR_TARGETS.map((t) => `proxy.${t}`),
  ...DOOR_TARGETS.map((t) => `invoke.${t}`),
  'rest /stream.sseAddedP50',
  'proxy SendStreamingMessage.sseAddedP50',
  'memory.peakRss',
];

function verdicts(results) {
  return Object.fromEntries(targets(results, derive(results)).map((t) => [t.id, t]));
}
const failing = (results) =>
  Object.values(verdicts(results))
    .filter((t) => !t.pass)
    .map((t) => t.id)
    .sort();

describe('bench targets', () => {
  it('states each door against the bare proxy of the same run', () => {
    const d = derive(passingRun()).vsBareProxy.proxy;
    assert.equal(d.cpuVsBareProxy, 1.5);
    assert.equal(d.throughputVsBareProxy, 0.6);
    assert.equal(d.throughputVsDirect, 0.3);
    assert.equal(d.addedP50OverBareProxyMs, 0.15);
    assert.equal(d.addedP99OverBareProxyMs, 0.9);
  });

  it('passes every target when each door is within its bounds of the bare proxy, at 30 % of direct', () => {
    const all = verdicts(passingRun());
    assert.deepEqual(Object.keys(all).sort(), [...ALL_TARGETS].sort());
    assert.deepEqual(failing(passingRun()), []);
  });

  it('passes a door exactly at every bound', () => {
    const run = passingRun();
    run.phases.saturation.proxy = step({ throughput: 5_000, gatewayMs: perCall(0.2, 5_000) });
    run.phases.fixedRate.proxy = step({ throughput: 1000, p50: 0.6, p99: 2.5 });
    run.phases.sse.targets[1].firstEvent.p50 = 2;
    run.memory.maxDuringLoadMiB = 250;
    assert.deepEqual(failing(run), []);
  });

  const cases = [
    {
      outcome: 'fails a door whose CPU per call is above 2 × the bare proxy’s',
      change: (r) => (r.phases.saturation.proxy.cpu.gatewayMs = perCall(0.21, 6_000)),
      fails: ['proxy.cpuVsBareProxy'],
    },
    {
      outcome: 'fails a door below half the bare proxy’s throughput',
      change: (r) =>
        (r.phases.saturation.invoke = step({ throughput: 4_900, gatewayMs: perCall(0.15, 4_900) })),
      fails: ['invoke.throughputVsBareProxy'],
    },
    {
      outcome: 'fails an added p50 more than 0.2 ms over the bare proxy’s',
      change: (r) => (r.phases.fixedRate.proxy.latency.p50 = 0.61),
      fails: ['proxy.addedP50VsBareProxy'],
    },
    {
      outcome: 'fails an added p99 more than 1 ms over the bare proxy’s',
      change: (r) => (r.phases.fixedRate.invoke.latency.p99 = 2.51),
      fails: ['invoke.addedP99VsBareProxy'],
    },
    {
      outcome: 'fails the latencies of a door that did not hold the rate, low as they are',
      change: (r) => (r.phases.fixedRate.proxy.throughput = 900),
      fails: ['proxy.addedP50VsBareProxy', 'proxy.addedP99VsBareProxy'],
    },
    {
      outcome: 'fails every latency when the bare proxy itself did not hold the rate',
      change: (r) => (r.phases.fixedRate['bare proxy'].throughput = 900),
      fails: [
        'invoke.addedP50VsBareProxy',
        'invoke.addedP99VsBareProxy',
        'proxy.addedP50VsBareProxy',
        'proxy.addedP99VsBareProxy',
      ],
    },
    {
      outcome: 'fails a stream whose first event comes more than 1 ms after direct’s',
      change: (r) => (r.phases.sse.targets[2].firstEvent.p50 = 2.01),
      fails: ['proxy SendStreamingMessage.sseAddedP50'],
    },
    {
      outcome: 'fails a gateway above 250 MiB under load',
      change: (r) => (r.memory.maxDuringLoadMiB = 251),
      fails: ['memory.peakRss'],
    },
    {
      outcome: 'fails the memory target when no sample could be read',
      change: (r) => (r.memory.maxDuringLoadMiB = null),
      fails: ['memory.peakRss'],
    },
    {
      outcome: 'fails the CPU targets when the bare proxy’s CPU could not be read',
      change: (r) => (r.phases.saturation['bare proxy'].cpu.proxyMs = null),
      fails: ['invoke.cpuVsBareProxy', 'proxy.cpuVsBareProxy'],
    },
  ];
  for (const { outcome, change, fails } of cases)
    it(outcome, () => {
      const run = passingRun();
      change(run);
      assert.deepEqual(failing(run), fails);
    });

  it('says why a target could not be judged', () => {
    const run = passingRun();
    run.memory.maxDuringLoadMiB = null;
    assert.equal(verdicts(run)['memory.peakRss'].note, 'not measured');
  });

  it('leaves out the targets of phases that did not run', () => {
    const { config, phases } = passingRun();
    const ids = Object.keys(verdicts({ config, phases: { saturation: phases.saturation } })).sort();
    assert.deepEqual(ids, [
      'invoke.cpuVsBareProxy',
      'invoke.throughputVsBareProxy',
      'proxy.cpuVsBareProxy',
      'proxy.throughputVsBareProxy',
    ]);
  });
});
