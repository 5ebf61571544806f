#!/usr/bin/env node
/* eslint-disable no-console, @nx/enforce-module-boundaries -- a script that prints, and imports the package by its public name as a user would */
/**
 * litellm-rs's A2A gateway Quick Start, in plain Node: the gateway core as a library — no server of ours, no database.
 *
 *   npx nx run-many -t build -p a2a-protocol hello-agent
 *   node libs/a2a-protocol/examples/gateway-quickstart.mjs                 # starts the Hello World agent in-process
 *   node libs/a2a-protocol/examples/gateway-quickstart.mjs http://host:9999/   # or talks to an A2A agent you name
 *
 * The message modes used below (`stream:3`, `long`, `slow:800`, `error:503`) are the Hello World agent's;
 * another agent simply answers them as text.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const workspace = path.resolve(here, '../../..');
const require = createRequire(import.meta.url);

/** Build an Nx project once if its output is missing (a fresh checkout). */
function ensureBuilt(project, file) {
  if (existsSync(file)) return;
  console.log(`(${path.relative(workspace, file)} is missing: building ${project} first)`);
  const run = spawnSync('npx', ['nx', 'run', `${project}:build`], {
    cwd: workspace,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false' },
  });
  if (run.status !== 0 || !existsSync(file)) {
    console.error(`Could not build ${project}; run \`npx nx run ${project}:build\` and try again.`);
    process.exit(1);
  }
}

ensureBuilt('a2a-protocol', path.join(here, '../dist/gateway/index.js'));
const { A2AGateway, A2AAdapter, AgentConfig, AgentCapabilities, A2AMessage, Parts } =
  await import('@switchboard/a2a-protocol/gateway');
const { A2AError, A2AErrorCode } = await import('@switchboard/a2a-protocol');

// ---- output helpers -----------------------------------------------------------------------------------

const section = (title) => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`);
const state = (s) => String(s).replace('TASK_STATE_', '');
const texts = (parts = []) => parts.map((p) => p.text ?? (p.data ? JSON.stringify(p.data) : '')).join('');
const reply = (task) =>
  texts((task.artifacts ?? []).flatMap((a) => a.parts)) || texts(task.status?.message?.parts);
function describe(event) {
  if (event.task) return `task          ${state(event.task.status.state)} (id ${event.task.id.slice(0, 8)}…)`;
  if (event.statusUpdate) {
    const u = event.statusUpdate;
    return `statusUpdate  ${state(u.status.state)}${u.status.message ? `: ${texts(u.status.message.parts)}` : ''}`;
  }
  if (event.artifactUpdate) return `artifactUpdate "${texts(event.artifactUpdate.artifact.parts)}"`;
  if (event.message) return `message       "${texts(event.message.parts)}"`;
  return JSON.stringify(event);
}

// ---- the agent ----------------------------------------------------------------------------------------

let helloAgent;
let agentUrl = process.argv[2];
if (!agentUrl) {
  const server = path.join(workspace, 'apps/hello-agent/dist/server.js');
  ensureBuilt('hello-agent', server);
  helloAgent = await require(server).startHelloAgent({ port: 0 });
  agentUrl = helloAgent.url;
  console.log(`Hello World agent (A2A ${helloAgent.protocol}) started in-process at ${agentUrl}`);
} else {
  console.log(`Using the A2A agent at ${agentUrl}`);
}

// ---- Quick Start --------------------------------------------------------------------------------------

// `allowPrivateNetworks`: the agent is on 127.0.0.1, which the SSRF policy refuses by default.
const gateway = new A2AGateway({ allowPrivateNetworks: true, adapters: [new A2AAdapter()] });

try {
  gateway.registerAgent(
    new AgentConfig('hello', agentUrl)
      .withTimeout(30_000)
      .withDescription('The Hello World A2A agent')
      .withCapabilities(AgentCapabilities.full())
      .withTags('demo'),
  );

  section('sendMessage(name, text)');
  const first = await gateway.sendMessage('hello', 'Hello, agent!');
  if ('task' in first)
    console.log(`task ${first.task.id} → ${state(first.task.status.state)}: ${reply(first.task)}`);
  else console.log(`message: ${texts(first.message.parts)}`);

  section('send(name, A2AMessage) with several parts');
  const message = A2AMessage.send('Summarize ', Parts.data({ from: 'quickstart', items: 3 }))
    .withPart(Parts.text('this, please'))
    .withConfig({ temperature: 0 }); // free-form settings travel as request metadata
  console.log(`parts sent: ${JSON.stringify(message.request.message.parts)}`);
  const multi = await gateway.send('hello', message);
  if ('task' in multi) console.log(`→ ${state(multi.task.status.state)}: ${reply(multi.task)}`);

  section('sendMessageStream(name, "stream:3")');
  for await (const event of gateway.sendMessageStream('hello', 'stream:3'))
    console.log(`  ${describe(event)}`);

  section('a long task: returnImmediately, getTask, cancelTask, waitForTask');
  const started = await gateway.send(
    'hello',
    A2AMessage.send('long').withConfiguration({ returnImmediately: true }),
  );
  if (!('task' in started)) throw new Error('the agent answered with a message, not a task');
  const taskId = started.task.id;
  console.log(`send (returnImmediately) → task ${taskId} ${state(started.task.status.state)}`);
  await new Promise((resolve) => setTimeout(resolve, 600));
  const running = await gateway.getTask('hello', taskId);
  const heartbeat = running.metadata?.heartbeat;
  console.log(`getTask     → ${state(running.status.state)}${heartbeat ? ` (heartbeat ${heartbeat})` : ''}`);
  const canceled = await gateway.cancelTask('hello', taskId);
  console.log(`cancelTask  → ${state(canceled.status.state)}`);
  const settled = await gateway.waitForTask('hello', taskId, 5_000);
  console.log(`waitForTask → ${state(settled.status.state)}`);

  const slow = await gateway.send(
    'hello',
    A2AMessage.send('slow:800').withConfiguration({ returnImmediately: true }),
  );
  if ('task' in slow) {
    const t0 = Date.now();
    const done = await gateway.waitForTask('hello', slow.task.id, 10_000);
    console.log(
      `waitForTask(slow:800) → ${state(done.status.state)} after ${Date.now() - t0} ms: ${reply(done)}`,
    );
  }

  section('listAgents / listAvailableAgents');
  gateway.registerAgent(new AgentConfig('standby', 'https://standby.example.com/a2a').withEnabled(false));
  console.log(
    `listAgents:          ${gateway
      .listAgents()
      .map((a) => `${a.name}${a.enabled ? '' : ' (disabled)'}`)
      .join(', ')}`,
  );
  console.log(
    `listAvailableAgents: ${gateway
      .listAvailableAgents()
      .map((a) => a.name)
      .join(', ')}`,
  );
  const card = await gateway.agentCard('hello');
  console.log(
    `agentCard('hello'):  "${card.name}" v${card.version}, skills: ${card.skills.map((s) => s.name).join(', ')}`,
  );

  section('typed errors (A2AError)');
  try {
    await gateway.sendMessage('nobody', 'hi');
  } catch (error) {
    if (error instanceof A2AError && error.code === A2AErrorCode.AgentNotFound) {
      console.log(`AgentNotFound: ${error.message} (details ${JSON.stringify(error.details)})`);
    } else throw error;
  }
  try {
    await gateway.sendMessage('standby', 'hi');
  } catch (error) {
    if (!A2AError.is(error, A2AErrorCode.AgentDisabled)) throw error;
    console.log(`AgentDisabled: ${error.message}`);
  }
  try {
    await gateway.sendMessage('hello', 'error:503'); // the agent answers HTTP 503: retried, then reported
  } catch (error) {
    if (!A2AError.is(error)) throw error;
    console.log(`${error.code}: ${error.message} (details ${JSON.stringify(error.details)})`);
  }

  section('stats()');
  console.log(JSON.stringify(gateway.stats(), null, 2));
} finally {
  await gateway.close();
  await helloAgent?.close();
  console.log('\nGateway and agent closed.');
}
