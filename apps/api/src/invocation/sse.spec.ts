import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendSse } from './sse';

const format = {
  event: (value: string) => `data: ${JSON.stringify(value)}\n\n`,
  error: () => 'event: error\ndata: {}\n\n',
};

/**
 * The stream's end when its connection is cut under it (shutdown's deadline, a client that vanished): the
 * socket is destroyed before the response hears of it, so the next write goes nowhere and no 'drain' comes.
 */
describe('sendSse on a connection cut mid-stream', () => {
  let server: Server;
  afterEach(() => new Promise((resolve) => server.close(resolve)));

  it('stops the call and closes its events (so the gateway records it) instead of waiting for a drain that never comes', async () => {
    let aborted = false;
    let closedEvents = false;
    const settled = new Promise<'returned' | 'stuck'>((resolve) => {
      server = createServer((req, res) => {
        async function* events() {
          try {
            yield 'first';
            res.socket!.destroy(); // the connection is cut; the response is told on a later tick
            yield 'second';
            await new Promise(() => undefined); // an agent that says nothing more
          } finally {
            closedEvents = true;
          }
        }
        const request = { raw: req, headers: req.headers } as unknown as FastifyRequest;
        const reply = { raw: res, hijack: () => undefined } as unknown as FastifyReply;
        void sendSse(request, reply, events(), () => (aborted = true), format).then(() =>
          resolve('returned'),
        );
        setTimeout(() => resolve('stuck'), 2_000).unref();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`)
      .then((res) => res.text())
      .catch(() => undefined); // cut mid-stream

    expect(await settled).toBe('returned');
    expect(aborted).toBe(true);
    expect(closedEvents).toBe(true);
  });
});
