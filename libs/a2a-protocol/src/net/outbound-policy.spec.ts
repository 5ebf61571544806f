import { isPrivateAddress, OutboundPolicy } from './outbound-policy';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.0.0.1',
    '172.16.5.4',
    '192.168.1.1',
    '169.254.169.254',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:10.0.0.1',
    '0.0.0.0',
  ])('flags %s', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(['8.8.8.8', '172.32.0.1', '2606:4700::1111', 'example.com'])('passes %s', (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );
});

describe('OutboundPolicy', () => {
  it('allows loopback when private targets are allowed', () => {
    expect(new OutboundPolicy(true).assertAllowed('http://127.0.0.1:9999/').port).toBe('9999');
  });

  it.each([
    'http://127.0.0.1/',
    'http://localhost/',
    'http://svc.internal/',
    'http://[::1]/',
    'http://10.0.0.8/',
  ])('refuses %s when private targets are not allowed', (url) =>
    expect(() => new OutboundPolicy(false).assertAllowed(url, 'endpointUrl')).toThrow(/endpointUrl/),
  );

  it.each(['ftp://example.com/', 'file:///etc/passwd', 'https://u:p@example.com/', 'nonsense'])(
    'always refuses %s',
    (url) => expect(() => new OutboundPolicy(true).assertAllowed(url)).toThrow(),
  );

  it('refuses a name that resolves to loopback at connect time', (done) => {
    new OutboundPolicy(false).lookup('localhost', {}, (err) => {
      expect(err?.message).toMatch(/private address/);
      done();
    });
  });

  it('resolves names normally when private targets are allowed', (done) => {
    new OutboundPolicy(true).lookup('localhost', {}, (err, address) => {
      expect(err).toBeNull();
      expect(typeof address).toBe('string');
      done();
    });
  });
});
