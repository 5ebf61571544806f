import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** What the proxy does with connections: forward them, refuse them, or accept and never answer. */
export type FaultMode = 'pass' | 'refuse' | 'black-hole';

interface Pair {
  client: Socket;
  upstream: Socket | null;
}

/**
 * A TCP proxy on the loopback in front of a real server (PostgreSQL, Redis), to fault it without touching it:
 * - `pass()`: forward every connection (the default once started); stalled connections resume where they were;
 * - `refuse()`: destroy every open connection and stop listening, so new ones get ECONNREFUSED;
 * - `blackHole()`: keep every connection open and accepted but move no byte either way — a hung server.
 * It listens on 127.0.0.1 on a port of its own (kept across `refuse()`), never on another interface, and
 * `close()` ends everything it holds.
 */
export class FaultProxy {
  private server: Server | null = null;
  private readonly pairs = new Set<Pair>();
  private current: FaultMode = 'pass';
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** A proxy to the server of a URL (`postgres://…`, `redis://…`), listening. */
  static async to(url: string, defaultPort: number): Promise<FaultProxy> {
    const target = new URL(url);
    const proxy = new FaultProxy(target.hostname, Number(target.port || defaultPort));
    await proxy.listen();
    return proxy;
  }

  get mode(): FaultMode {
    return this.current;
  }

  /** Open connections, held or forwarded. */
  get connections(): number {
    return this.pairs.size;
  }

  /** `url` with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const via = new URL(url);
    via.hostname = '127.0.0.1';
    via.port = String(this.port);
    return via.toString();
  }

  async pass(): Promise<void> {
    this.current = 'pass';
    await this.listen();
    for (const pair of this.pairs) this.forward(pair);
  }

  async refuse(): Promise<void> {
    this.current = 'refuse';
    for (const pair of this.pairs) this.drop(pair);
    await this.stopListening();
  }

  async blackHole(): Promise<void> {
    this.current = 'black-hole';
    await this.listen();
    for (const pair of this.pairs) {
      pair.client.pause();
      pair.upstream?.pause();
    }
  }

  async close(): Promise<void> {
    this.current = 'refuse';
    for (const pair of this.pairs) this.drop(pair);
    await this.stopListening();
  }

  private async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.port = (server.address() as AddressInfo).port;
  }

  private async stopListening(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    const pair: Pair = { client, upstream: null };
    this.pairs.add(pair);
    client.on('error', () => this.drop(pair));
    client.on('close', () => this.drop(pair));
    client.pause();
    if (this.current === 'pass') this.forward(pair);
    else if (this.current === 'refuse') this.drop(pair);
    // black-hole: accepted, held paused, no upstream until the proxy passes again.
  }

  /** Connect the pair upstream if it is not yet, and let bytes flow both ways. */
  private forward(pair: Pair): void {
    if (!pair.upstream) {
      const upstream = connect(this.targetPort, this.targetHost);
      pair.upstream = upstream;
      upstream.on('error', () => this.drop(pair));
      upstream.on('close', () => this.drop(pair));
      pair.client.pipe(upstream);
      upstream.pipe(pair.client);
    }
    pair.client.resume();
    pair.upstream.resume();
  }

  private drop(pair: Pair): void {
    if (!this.pairs.delete(pair)) return;
    pair.client.destroy();
    pair.upstream?.destroy();
  }
}
