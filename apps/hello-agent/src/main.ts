import pino from 'pino';
import { startHelloAgent } from './server';

const logger = pino({ name: 'hello-agent' });

function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`HELLO_AGENT_PORT must be an integer in 0..65535, got "${raw}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const agent = await startHelloAgent({
    port: parsePort(process.env.HELLO_AGENT_PORT, 9999),
    host: process.env.HELLO_AGENT_HOST || '127.0.0.1',
    publicUrl: process.env.HELLO_AGENT_PUBLIC_URL || undefined,
  });
  logger.info(
    {
      url: agent.url,
      publicUrl: agent.publicUrl,
      agentCard: `${agent.publicUrl}.well-known/agent-card.json`,
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
