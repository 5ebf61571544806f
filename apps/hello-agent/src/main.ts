/**
 * The Hello World agent as a process. Environment (see README.md): HELLO_AGENT_PORT, HELLO_AGENT_HOST,
 * HELLO_AGENT_PUBLIC_URL, HELLO_AGENT_PROTOCOL (or `--protocol`), and HELLO_AGENT_FREE_TEXT: `reply`
 * (default) answers a message without a mode keyword at once; `working` leaves its task WORKING until
 * CancelTask (at most 10 minutes), which is what conformance suites such as the A2A TCK expect
 * (tools/tck/run.sh).
 */
import pino from 'pino';
import { FREE_TEXT_VALUES, type FreeText } from './script';
import { HELLO_AGENT_PROTOCOLS, startHelloAgent, type HelloAgentProtocol } from './server';

const logger = pino({ name: 'hello-agent' });

function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`HELLO_AGENT_PORT must be an integer in 0..65535, got "${raw}"`);
  }
  return port;
}

/** `--protocol <v>` / `--protocol=<v>` on the command line wins over `HELLO_AGENT_PROTOCOL`; default 1.0. */
function parseProtocol(argv: readonly string[], env: string | undefined): HelloAgentProtocol {
  let raw = env?.trim() || undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--protocol') raw = argv[++i];
    else if (arg.startsWith('--protocol=')) raw = arg.slice('--protocol='.length);
    else throw new Error(`unknown argument "${arg}" (usage: main.js [--protocol 1.0|0.3|0.2])`);
  }
  if (raw === undefined) return '1.0';
  if (!(HELLO_AGENT_PROTOCOLS as readonly string[]).includes(raw)) {
    throw new Error(`protocol must be one of ${HELLO_AGENT_PROTOCOLS.join(', ')}, got "${raw}"`);
  }
  return raw as HelloAgentProtocol;
}

function parseFreeText(raw: string | undefined): FreeText {
  const value = raw?.trim() || 'reply';
  if (!(FREE_TEXT_VALUES as readonly string[]).includes(value)) {
    throw new Error(`HELLO_AGENT_FREE_TEXT must be one of ${FREE_TEXT_VALUES.join(', ')}, got "${raw}"`);
  }
  return value as FreeText;
}

function parseStreamChunkMs(raw: string | undefined): number | undefined {
  if (!raw?.trim()) return undefined;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0 || ms > 10_000) {
    throw new Error(`HELLO_AGENT_STREAM_CHUNK_MS must be an integer in 0..10000, got "${raw}"`);
  }
  return ms;
}

async function main(): Promise<void> {
  const agent = await startHelloAgent({
    port: parsePort(process.env.HELLO_AGENT_PORT, 9999),
    host: process.env.HELLO_AGENT_HOST || '127.0.0.1',
    publicUrl: process.env.HELLO_AGENT_PUBLIC_URL || undefined,
    protocol: parseProtocol(process.argv.slice(2), process.env.HELLO_AGENT_PROTOCOL),
    freeText: parseFreeText(process.env.HELLO_AGENT_FREE_TEXT),
    streamChunkMs: parseStreamChunkMs(process.env.HELLO_AGENT_STREAM_CHUNK_MS),
  });
  logger.info(
    {
      url: agent.url,
      publicUrl: agent.publicUrl,
      protocol: agent.protocol,
      freeText: agent.freeText,
      agentCard: new URL(agent.agentCardUrl.slice(agent.url.length), agent.publicUrl).toString(),
    },
    'hello-agent listening',
  );

  const stop = (signal: NodeJS.Signals): void => {
    agent.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err, signal }, 'hello-agent failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  logger.fatal({ err }, 'hello-agent failed to start');
  process.exit(1);
});
