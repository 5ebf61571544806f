// Load generation: autocannon (programmatic API) for fixed-rate and saturation runs, a plain node:http
// client for SSE time-to-first-event.
import autocannon from 'autocannon';
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Samples } from './stats.mjs';

/**
 * A target: `{ name, url, headers, body, expect }` — `expect` is a string every good response body holds
 * (JSON-RPC errors come back as HTTP 200, so the status alone proves nothing).
 */
function autocannonOptions(target, extra) {
  return {
    url: target.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: target.body,
    verifyBody: (body) => body.includes(target.expect),
    timeout: 10,
    ...extra,
  };
}

function run(options) {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    activeRuns.add(instance);
    instance.on('done', () => activeRuns.delete(instance));
  });
}

const activeRuns = new Set();
/** Stop any autocannon run in progress (Ctrl-C, a process died). */
export function stopLoad() {
  for (const instance of activeRuns) instance.stop();
}

/** What every autocannon run reports: counts that must all be zero for a valid run, and the throughput. */
function counts(result) {
  return {
    requests: result.requests.total,
    ok2xx: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    durationSeconds: result.duration,
    throughput: result['2xx'] / result.duration,
    statusCodes: result.statusCodeStats,
  };
}

/**
 * Spread the requests evenly over time. autocannon's own `overallRate` limiter lets every connection fire its
 * whole per-second quota back to back at the start of each second (1,000 req/s on 50 connections = bursts of
 * 50 concurrent requests), which measures queueing, not the gateway. Here connection i sends at
 * t0 + i·gap + k·(connections·gap) with gap = 1000/rate ms — one request per millisecond at 1,000 req/s.
 * A connection whose previous answer came back after its next slot sends at once (and counts as late).
 * Hooks into autocannon through `setupClient` (public) by wrapping the client's `_doRequest` (internal).
 */
function evenPacer(rate, connections, stats) {
  const gap = 1000 / rate;
  const period = gap * connections;
  let index = 0;
  let t0 = null;
  return (client) => {
    const send = client._doRequest;
    if (typeof send !== 'function') {
      stats.pacing = 'autocannon (internal API changed: fell back to per-second bursts)';
      return;
    }
    client.rate = 0; // autocannon's burst limiter off: this pacer decides
    const i = index++;
    let next = null;
    let timer = null;
    const fire = (slot) => {
      timer = null;
      if (client.destroyed) return;
      const now = performance.now();
      const lag = now - slot;
      stats.lag.add(Math.max(0, lag));
      if (lag > 1) stats.late++;
      send.call(client);
    };
    client._doRequest = function pacedRequest() {
      if (timer) return; // already waiting for the next slot
      t0 ??= performance.now() + 20;
      next ??= t0 + i * gap;
      const slot = next;
      next += period;
      const wait = slot - performance.now();
      if (wait < 0.5) fire(slot);
      else timer = setTimeout(fire, wait, slot);
    };
    client.on('response', (status, _bytes, durationMs) => {
      if (status >= 200 && status < 300) stats.latency.add(durationMs);
    });
    client.once('done', () => timer && clearTimeout(timer));
  };
}

/** `rate` req/s for `seconds`; latency samples (ms, sub-ms resolution) from send to the last byte. */
export async function fixedRate(target, { rate, seconds, connections, pacing }) {
  const stats = { latency: new Samples(), lag: new Samples(), late: 0, pacing };
  const extra = { duration: seconds, connections, overallRate: rate, pipelining: 1 };
  if (pacing === 'even') extra.setupClient = evenPacer(rate, connections, stats);
  else
    extra.setupClient = (client) =>
      client.on('response', (status, _bytes, durationMs) => {
        if (status >= 200 && status < 300) stats.latency.add(durationMs);
      });
  const result = await run(autocannonOptions(target, extra));
  return {
    ...counts(result),
    latency: stats.latency.summary(),
    scheduleLag: stats.lag.summary(),
    sends: stats.lag.length,
    lateSends: stats.late,
    pacing: stats.pacing,
    autocannonLatencyMs: pickLatency(result),
  };
}

/**
 * As many requests as `connections` keep-alive connections get answered in `seconds`. Other autocannon
 * options (`requests`, `setupClient`, `verifyBody`) pass through.
 */
export async function saturate(target, { seconds, connections, pipelining = 1, ...options }) {
  const result = await run(
    autocannonOptions(target, { duration: seconds, connections, pipelining, ...options }),
  );
  return { ...counts(result), autocannonLatencyMs: pickLatency(result) };
}

/** autocannon's own latency summary (whole milliseconds only). */
function pickLatency(result) {
  const l = result.latency;
  return { p50: l.p50, p90: l.p90, p99: l.p99, max: l.max, mean: l.mean };
}

/**
 * One streaming request: ms from the request start to the first complete SSE event (blank-line terminated)
 * and to the end of the stream. The first event's data must be a result, not an error.
 */
export function sseOnce(target, agent, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const url = new URL(target.url);
    const start = performance.now();
    const req = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        'content-length': Buffer.byteLength(target.body),
        ...target.headers,
      },
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${target.name}: no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('response', (res) => {
      res.setEncoding('utf8');
      let buffer = '';
      let firstMs = null;
      let events = 0;
      res.on('data', (chunk) => {
        if (firstMs === null) {
          buffer += chunk;
          const end = buffer.indexOf('\n\n');
          if (end < 0) return;
          firstMs = performance.now() - start;
          const problem = badFirstEvent(res.statusCode, buffer.slice(0, end), target.expectFirst);
          if (problem) return req.destroy(new Error(`${target.name}: ${problem}`));
          buffer = buffer.slice(end + 2);
          events++;
        } else buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          events++;
          buffer = buffer.slice(end + 2);
        }
      });
      res.on('end', () => {
        if (firstMs === null)
          return reject(
            new Error(`${target.name}: HTTP ${res.statusCode}, no SSE event: ${buffer.slice(0, 300)}`),
          );
        resolve({ firstMs, totalMs: performance.now() - start, events });
      });
      res.on('error', reject);
    });
    req.end(target.body);
  });
}

function badFirstEvent(status, frame, expectFirst) {
  if (status !== 200) return `HTTP ${status}: ${frame.slice(0, 300)}`;
  if (/^event: ?error$/m.test(frame)) return `error event: ${frame.slice(0, 300)}`;
  const data = frame
    .split('\n')
    .filter((l) => l.startsWith('data:'))
    .map((l) => l.slice(5).trimStart())
    .join('\n');
  try {
    const parsed = JSON.parse(data);
    if (!expectFirst(parsed)) return `unexpected first event: ${data.slice(0, 300)}`;
  } catch {
    return `first event is not JSON: ${data.slice(0, 300)}`;
  }
  return null;
}

/**
 * Sequential time-to-first-event for several targets, interleaved (a, b, c, a, b, c, …) so drifting
 * background load hits all of them alike. Each target keeps one keep-alive connection.
 */
export async function sseLoop(targets, { requests, warmup, shouldStop }) {
  const agents = targets.map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
  const first = targets.map(() => new Samples(requests));
  const total = targets.map(() => new Samples(requests));
  const events = targets.map(() => 0);
  try {
    for (let i = 0; i < warmup + requests; i++) {
      if (shouldStop()) throw new Error('stopped');
      for (let t = 0; t < targets.length; t++) {
        const r = await sseOnce(targets[t], agents[t]);
        if (i < warmup) continue;
        first[t].add(r.firstMs);
        total[t].add(r.totalMs);
        events[t] += r.events;
      }
    }
  } finally {
    for (const agent of agents) agent.destroy();
  }
  return targets.map((target, t) => ({
    name: target.name,
    firstEvent: first[t].summary(),
    wholeStream: total[t].summary(),
    eventsPerStream: first[t].length ? events[t] / first[t].length : null,
  }));
}
