import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { FaultProxy } from './fault-proxy';

/** One line through a fresh connection: the echo, or what went wrong ('refused', 'timeout', 'closed'). */
function roundTrip(port: number, line: string, timeoutMs = 300): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    const done = (result: string) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => done(got || 'timeout'), timeoutMs);
    socket.on('connect', () => socket.write(line));
    socket.on('data', (d) => {
      got += d.toString();
      if (got === line) done(got);
    });
    socket.on('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED' ? 'refused' : 'closed'));
    socket.on('close', () => done(got || 'closed'));
  });
}

describe('fault proxy: passes, refuses and black-holes a real TCP server', () => {
  let echo: Server;
  let proxy: FaultProxy;

  beforeAll(async () => {
    echo = createServer((s) => s.pipe(s));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    proxy = await FaultProxy.to(`tcp://127.0.0.1:${(echo.address() as AddressInfo).port}`, 0);
  });
  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => echo.close(() => resolve()));
  });

  it('forwards, refuses new connections and closes open ones, then forwards again on the same port', async () => {
    expect(await roundTrip(proxy.port, 'one')).toBe('one');
    const open = connect(proxy.port, '127.0.0.1');
    const closed = new Promise((resolve) => open.on('close', resolve));
    await new Promise((resolve) => open.on('connect', resolve));
    const port = proxy.port;
    await proxy.refuse();
    await closed;
    expect(await roundTrip(proxy.port, 'two')).toBe('refused');
    await proxy.pass();
    expect(proxy.port).toBe(port);
    expect(await roundTrip(proxy.port, 'three')).toBe('three');
  });

  it('black-holes new and open connections without closing them, and lets them finish once it passes', async () => {
    const open: Socket = connect(proxy.port, '127.0.0.1');
    await new Promise((resolve) => open.on('connect', resolve));
    await proxy.blackHole();
    let received = '';
    open.on('data', (d) => (received += d.toString()));
    open.write('held');
    expect(await roundTrip(proxy.port, 'new')).toBe('timeout');
    expect(received).toBe('');
    expect(open.destroyed).toBe(false);

    await proxy.pass();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toBe('held');
    open.destroy();
  });
});
