import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of an HTTP server that loses every answer: requests reach the server whole,
 * and the connection is cut the moment the first byte of the answer comes back — a client that timed out,
 * or a load balancer that dropped the connection, after the server did the work.
 */
export class AnswerDroppingProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  /** Answers cut so far (each one reached the proxy, so the server finished that request). */
  dropped = 0;

  constructor(private readonly targetPort: number) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.targetPort, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream);
      upstream.once('data', () => {
        this.dropped++;
        client.destroy();
        upstream.destroy();
      });
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
