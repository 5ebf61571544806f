// Child processes of the benchmark: started with an IPC channel and the exit-with-parent preload, so they
// stop with the benchmark however it ends; stopped by pid (SIGTERM, then SIGKILL); measured via /proc.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const PRELOAD = fileURLToPath(new URL('./exit-with-parent.mjs', import.meta.url));
const children = new Set();

/**
 * Start `node [nodeArgs] script [args]`; stdout and stderr go to `logFile`. `onUnexpectedExit` is called
 * when the child exits before `stopAll()` asked it to.
 */
export function startNode({ name, script, args = [], nodeArgs = [], env, cwd, logFile, onUnexpectedExit }) {
  const log = openSync(logFile, 'a');
  const child = spawn(process.execPath, ['--import', PRELOAD, ...nodeArgs, script, ...args], {
    cwd,
    env,
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const entry = { name, child, logFile, stopping: false, exited: null };
  entry.exit = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      entry.exited = { code, signal };
      children.delete(entry);
      if (!entry.stopping) onUnexpectedExit?.(entry);
      resolve(entry.exited);
    }),
  );
  child.on('error', () => {}); // surfaces as 'exit' (spawn failures included)
  children.add(entry);
  return entry;
}

/** Wait for the child's first IPC message (the echo agent reports its port this way). */
export function firstMessage(entry, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${entry.name}: no ready message in ${timeoutMs} ms`)),
      timeoutMs,
    );
    entry.child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message);
    });
    entry.exit.then((e) => {
      clearTimeout(timer);
      reject(new Error(`${entry.name} exited (${e.signal ?? e.code}) before it was ready`));
    });
  });
}

/** SIGTERM every child still running, SIGKILL what is left after `graceMs`. */
export function stopAll(graceMs = 10_000) {
  return stopChildren([...children], graceMs);
}

/** SIGTERM these children (entries of `startNode`), SIGKILL those still running after `graceMs`. */
export async function stopChildren(entries, graceMs = 10_000) {
  const running = entries.filter((entry) => !entry.exited);
  for (const entry of running) {
    entry.stopping = true;
    entry.child.kill('SIGTERM');
  }
  const timer = setTimeout(() => {
    for (const entry of running) if (!entry.exited) entry.child.kill('SIGKILL');
  }, graceMs);
  await Promise.all(running.map((e) => e.exit));
  clearTimeout(timer);
}

/** Best-effort synchronous kill (for process 'exit', where nothing async runs any more). */
export function killAllNow() {
  for (const entry of children) entry.child.kill('SIGKILL');
}

/**
 * For a benchmark child serving HTTP: on SIGTERM or SIGINT close the server and its connections and exit
 * (within a second even if a connection lingers).
 */
export function exitOnSignals(server) {
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 1000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** A free TCP port on the loopback (the tiny race until the gateway binds it is acceptable here). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak RSS) of a process, in MiB; null when it is gone. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    const rss = kib('VmRSS');
    return Number.isFinite(rss) ? { rssMiB: rss / 1024, hwmMiB: kib('VmHWM') / 1024 } : null; // null: a zombie
  } catch {
    return null;
  }
}

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** CPU time (user + system) a process has used so far, in ms; null when it is gone. */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Busy CPU time of the whole machine so far (all cores, ms): to tell how much else was running. */
export function machineBusyMs() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = ticks;
    return ((user + nice + system + irq + softirq + steal) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}
