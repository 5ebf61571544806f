#!/usr/bin/env node
// What recording one call costs, part by part, with the gateway's own built code (apps/api/dist) on a fresh
// database of the PostgreSQL server DATABASE_URL names (dropped afterwards):
//   row      the recorder's work in the call's path: one row serialised (the COPY line), in a tight loop
//   batch    one batch written as the writer writes it (one transaction: claim its id, COPY its rows,
//            commit): this process's CPU and the CPU of the server processes serving the database
// Phase E measures the sum from outside (whole gateways, on vs off); this tells where it goes, without the
// noise of a saturated machine. Per call = row + batch ÷ rows in a batch (METRICS_BATCH_SIZE, 500 by
// default; under load only full batches go out, plus one partial batch per METRICS_FLUSH_INTERVAL_MS).
//
//   DATABASE_URL=postgres://… node tools/bench/metrics-writer.mjs   (WRITER_BATCH=500, WRITER_BATCHES=60)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from './lib/gateway.mjs';
import { median } from './lib/stats.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'apps', 'api', 'dist');
if (!process.env.DATABASE_URL) {
  console.error(
    'Set DATABASE_URL to a PostgreSQL server on this machine (its server processes are measured).',
  );
  process.exit(1);
}
if (!existsSync(join(dist, 'main.js'))) {
  console.error('Build the gateway first: NX_DAEMON=false npx nx run-many -t build -p api');
  process.exit(1);
}
const require = createRequire(join(dist, 'main.js'));
const { DataSource } = require('typeorm');
const { typeormOptions } = require(join(dist, 'database', 'typeorm-options.js'));
const { PgMetricsBatchWriter, copyLine } = require(join(dist, 'metrics', 'metrics-batch-writer.js'));
const { UuidV7 } = require(join(dist, 'metrics', 'uuid-v7.js'));

const batchSize = Number(process.env.WRITER_BATCH || 500);
const batches = Number(process.env.WRITER_BATCHES || 60);
const cpuUs = (since) => {
  const u = process.cpuUsage(since);
  return u.user + u.system;
};
/** A call as the gateway records it (every field present, as the pipeline builds it). */
const call = (i) => ({
  agentName: 'bench_echo',
  agentId: '0190f0a8-1b2c-7d3e-8f40-123456789abc',
  operation: 'send',
  callerId: '0190f0a8-1b2c-7d3e-8f40-cba987654321',
  frontDoor: 'rest',
  interactionType: undefined,
  upstreamStatus: undefined,
  startedAt: Date.now(),
  durationMs: 0.8 + (i % 7) / 10,
  ok: true,
  errorCode: undefined,
  cost: 0,
  attempts: 1,
  usage: undefined,
});

// Row: 5 rounds of 200,000 rows; the first warms the JIT up.
const rowUs = [];
let keep = [];
for (let round = 0; round < 5; round++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < 200_000; i++) {
    keep.push(copyLine(call(i)));
    if (keep.length === batchSize) keep = [];
  }
  if (round > 0) rowUs.push(Number(process.hrtime.bigint() - start) / 1000 / 200_000);
}

const db = await createDatabase(process.env.DATABASE_URL);
try {
  const source = new DataSource(
    typeormOptions(db.url, { poolSize: 4, connectTimeoutMs: 5_000, queryTimeoutMs: 60_000 }),
  );
  await source.initialize();
  await source.runMigrations();
  const writer = new PgMetricsBatchWriter(source);
  await writer.prepare();
  const ids = new UuidV7();
  const rows = Array.from({ length: batchSize }, (_, i) => writer.row(call(i)));
  for (let i = 0; i < 10; i++) await writer.write({ id: ids.next(), rows }); // warm-up
  const rounds = [];
  for (let round = 0; round < 4; round++) {
    const postgres = await db.watchCpu();
    const since = process.cpuUsage();
    const n = Math.ceil(batches / 4);
    for (let i = 0; i < n; i++) await writer.write({ id: ids.next(), rows });
    const nodeUs = cpuUs(since) / n;
    const postgresMs = await postgres.stop();
    rounds.push({ nodeUs, postgresUs: postgresMs === null ? null : (postgresMs * 1000) / n });
  }
  await source.destroy();
  const row = median(rowUs);
  const node = median(rounds.map((r) => r.nodeUs));
  const known = rounds.map((r) => r.postgresUs).filter((v) => v !== null);
  const postgres = known.length ? median(known) : null;
  const f = (us) => (us === null ? '-' : us.toFixed(1));
  console.log(`Metrics writer — node ${process.version}, batches of ${batchSize} rows on ${db.name}`);
  console.log(`  row (serialised in the call's path)   ${f(row)} µs`);
  console.log(
    `  batch, this process                   ${(node / 1000).toFixed(2)} ms = ${f(node / batchSize)} µs a row`,
  );
  console.log(
    `  batch, PostgreSQL's processes         ${postgres === null ? '- (server not on this machine)' : `${(postgres / 1000).toFixed(2)} ms = ${f(postgres / batchSize)} µs a row`}`,
  );
  console.log(`  a call, all of it                     ${f(row + (node + (postgres ?? 0)) / batchSize)} µs`);
} finally {
  await db.drop();
}
