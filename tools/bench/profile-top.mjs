#!/usr/bin/env node
// Summarise a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time, self time per
// package (node_modules/<pkg>, node: internals, the gateway's own code), and the library/app functions with
// the most total (inclusive) time. Idle time is left out; `fromMs` skips the start (startup, migrations).
//   node tools/bench/profile-top.mjs <file.cpuprofile> [fromMs=0] [top=25]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where a script URL belongs: a package, Node internals, the app/libs, or V8 pseudo-frames. */
export function ownerOf(url) {
  if (!url) return '(native/V8: GC, builtins)';
  if (url.startsWith('node:')) return 'node: internals';
  if (url.startsWith('wasm://')) return 'wasm (PGlite)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const app = /\/(apps\/[^/]+|libs\/[^/]+)\//.exec(url);
  return app ? app[1] : url;
}

const frameName = ({ functionName, url, lineNumber }) => {
  const where = url
    ? url
        .replace(/^file:\/\//, '')
        .replace(/.*node_modules\//, '')
        .replace(/.*\/(apps|libs)\//, '$1/')
    : '';
  return `${functionName || '(anonymous)'}${where ? `  ${where}:${lineNumber + 1}` : ''}`;
};
const GENERIC =
  /^\((root|program|idle|garbage collector)\)|^runMicrotasks|^processTicksAndRejections|^processImmediate|^listOnTimeout|^emit  node:/;

export function summarizeProfile(file, { fromMs = 0, top = 25 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const owners = new Map();
  const inclusive = new Map();
  let elapsedUs = 0;
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const us = profile.timeDeltas[i] ?? 0;
    elapsedUs += us;
    const node = nodes.get(profile.samples[i]);
    if (elapsedUs < fromMs * 1000 || node.callFrame.functionName === '(idle)') continue;
    totalUs += us;
    const name = frameName(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + us);
    const owner = ownerOf(node.callFrame.url);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const frame = nodes.get(id).callFrame;
      const key = frameName(frame);
      if (seen.has(key) || GENERIC.test(key) || frame.url.startsWith('node:')) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        percent: Number(((100 * us) / totalUs).toFixed(1)),
      }));
  return {
    file,
    fromMs,
    busyMs: Math.round(totalUs / 1000),
    selfTime: rank(self),
    selfTimeByPackage: rank(owners),
    totalTime: rank(inclusive),
  };
}

export function formatSummary(summary, top = 15) {
  const list = (title, rows) => [
    `  ${title}`,
    ...rows.slice(0, top).map((r) => `    ${r.percent.toFixed(1).padStart(5)} %  ${r.name}`),
  ];
  return [
    `  ${summary.file}: ${summary.busyMs} ms busy after the first ${summary.fromMs} ms (idle left out)`,
    ...list('top self time:', summary.selfTime),
    ...list('self time by package:', summary.selfTimeByPackage),
    ...list('top total time (app and library functions, callees included):', summary.totalTime),
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, fromMs = '0', top = '25'] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node tools/bench/profile-top.mjs <file.cpuprofile> [fromMs] [top]');
    process.exit(1);
  }
  const summary = summarizeProfile(file, { fromMs: Number(fromMs), top: Number(top) });
  console.log(formatSummary(summary, Number(top)));
}
