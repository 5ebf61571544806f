import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ENTRY = join(__dirname, '../../hello-agent/dist/main.js');

export interface HelloAgentProcess {
  /** Base URL (its card is under /.well-known/). */
  url: string;
  protocol: '1.0' | '0.3' | '0.2';
  close(): Promise<void>;
}

/**
 * The real Hello World agent (apps/hello-agent, built) in its own process on an ephemeral loopback port:
 * the gateway talks to it over real HTTP exactly as it would to any agent.
 */
export async function startHelloAgentProcess(
  protocol: '1.0' | '0.3' | '0.2' = '1.0',
  /** A fixed port (to bring an agent back where it was); 0 = any free one. */
  port = 0,
): Promise<HelloAgentProcess> {
  if (!existsSync(ENTRY))
    throw new Error(`hello-agent is not built (${ENTRY}); run: npx nx run hello-agent:build`);
  const child: ChildProcess = spawn(process.execPath, [ENTRY, '--protocol', protocol], {
    env: { ...process.env, HELLO_AGENT_PORT: String(port), HELLO_AGENT_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('hello-agent did not start within 15 s')), 15_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: string; msg?: string };
        if (entry.msg === 'hello-agent listening' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hello-agent exited with ${code}`));
    });
  });
  child.stderr?.resume();
  return {
    url,
    protocol,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/** Several agents at once (in parallel), one per protocol generation asked for. */
export function startHelloAgentProcesses(
  ...protocols: ('1.0' | '0.3' | '0.2')[]
): Promise<HelloAgentProcess[]> {
  return Promise.all(protocols.map((p) => startHelloAgentProcess(p)));
}
