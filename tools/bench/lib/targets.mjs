// The ways to reach the echo agent — directly, through the A2A JSON-RPC proxy, through REST — for plain
// calls and for streams, plus a reference: the same call through a bare pass-through proxy (the floor any
// Node proxy pays for the second hop). Every target says how to recognise a good answer.

const rpc = (method) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method,
    params: { message: { messageId: 'bench-1', role: 'ROLE_USER', parts: [{ text: 'bench' }] } },
  });
const rest = JSON.stringify({ message: 'bench' });
const A2A = { 'a2a-version': '1.0' };
const ECHO = 'echo: bench';
const rpcResult = (e) => Boolean(e?.result && (e.result.task || e.result.message));
const restResult = (e) => Boolean(e?.task || e?.message);

/**
 * `agentUrl`: the echo agent; `bareProxyUrl`: bare-proxy.mjs in front of it; `base`: the gateway; `agent`:
 * as registered ({ name, slug }).
 */
export function targetsFor({ agentUrl, bareProxyUrl, jsonProxyUrl = null, lean = null, base, agent, token }) {
  const auth = { authorization: `Bearer ${token}` };
  const proxyUrl = `${base}/a2a/${agent.slug}/jsonrpc`;
  return {
    unary: [
      { name: 'direct', url: agentUrl, headers: A2A, body: rpc('SendMessage'), expect: ECHO },
      { name: 'bare proxy', url: bareProxyUrl, headers: A2A, body: rpc('SendMessage'), expect: ECHO },
      ...(jsonProxyUrl
        ? [{ name: 'JSON proxy', url: jsonProxyUrl, headers: A2A, body: rpc('SendMessage'), expect: ECHO }]
        : []),
      ...(lean
        ? [
            {
              name: 'lean gateway',
              url: `${lean.url}a2a/${agent.slug}/jsonrpc`,
              headers: { ...A2A, authorization: `Bearer ${lean.token}` },
              body: rpc('SendMessage'),
              expect: ECHO,
            },
          ]
        : []),
      { name: 'proxy', url: proxyUrl, headers: { ...A2A, ...auth }, body: rpc('SendMessage'), expect: ECHO },
      { name: 'invoke', url: `${base}/a2a/${agent.name}/invoke`, headers: auth, body: rest, expect: ECHO },
    ],
    streams: [
      {
        name: 'direct',
        url: agentUrl,
        headers: A2A,
        body: rpc('SendStreamingMessage'),
        expectFirst: rpcResult,
      },
      {
        name: 'rest /stream',
        url: `${base}/a2a/${agent.name}/stream`,
        headers: auth,
        body: rest,
        expectFirst: restResult,
      },
      {
        name: 'proxy SendStreamingMessage',
        url: proxyUrl,
        headers: { ...A2A, ...auth },
        body: rpc('SendStreamingMessage'),
        expectFirst: rpcResult,
      },
    ],
  };
}

/**
 * `--replicas N`, all on POST /a2a/<name>/invoke: one replica called directly, the round-robin proxy in front
 * of that replica alone, and the same proxy in front of all N — so the report can tell the cost of being a
 * replica (Redis), of the extra hop and of sharing the cores apart. `procs` names the processes whose CPU a
 * row costs: `replicas` are `{ base, pid }`, `lbOne` / `lbAll` are `{ url, pid }` (bare-proxy.mjs).
 * `warmup`: the other replicas called directly, for the warm-up only. The first replica is warmed by the two
 * rows that call it alone, the others only by their share of the last row's — with a colder JIT the second
 * replica spent 1.8× the first one's CPU per call, which the last row would have blamed on replication.
 */
export function replicaTargets({ replicas, lbOne, lbAll, agent, token }) {
  const auth = { authorization: `Bearer ${token}` };
  const row = (name, base, gateways, proxy) => ({
    name,
    url: new URL(`a2a/${agent.name}/invoke`, base.endsWith('/') ? base : `${base}/`).href,
    headers: auth,
    body: rest,
    expect: ECHO,
    procs: { gateway: gateways.map((r) => r.pid), proxy },
  });
  const [first, ...others] = replicas;
  return {
    rows: [
      row('replica', first.base, [first], null),
      row('lb → 1 replica', lbOne.url, [first], lbOne.pid),
      row(`lb → ${replicas.length} replicas`, lbAll.url, replicas, lbAll.pid),
    ],
    warmup: others.map((r, i) => row(`replica ${i + 2}`, r.base, [r], null)),
  };
}
