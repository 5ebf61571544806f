#!/usr/bin/env node
// `npm start`: build what is needed (Nx caches it), then run the API (which serves the admin SPA at /admin)
// and the Hello World agent side by side. Ctrl-C stops both.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_NODE_FLAGS } from './api-node-flags.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
try {
  process.loadEnvFile(join(root, '.env'));
} catch {
  // No .env: defaults and the environment configure both processes.
}
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };
const nx = join(root, 'node_modules', '.bin', 'nx');

if (!existsSync(nx)) {
  console.error('Dependencies are missing: run "npm ci" first.');
  process.exit(1);
}

if (process.env.SKIP_BUILD !== 'true') {
  console.log('Building api, web and hello-agent (cached after the first run)…');
  const build = spawnSync(
    nx,
    ['run-many', '-t', 'build', '-p', 'api', 'web', 'hello-agent', '--outputStyle=static'],
    {
      cwd: root,
      env,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const services = [
  { name: 'hello-agent', entry: 'apps/hello-agent/dist/main.js', flags: [] },
  { name: 'api', entry: 'apps/api/dist/main.js', flags: API_NODE_FLAGS },
];
const children = services.map(({ name, entry, flags }) => {
  const child = spawn(process.execPath, [...flags, join(root, entry)], { cwd: root, env, stdio: 'inherit' });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the rest.`);
      stop(code || 1);
    }
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  const deadline = setTimeout(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }, 10_000);
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(
    () => {
      clearTimeout(deadline);
      process.exit(code);
    },
  );
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
