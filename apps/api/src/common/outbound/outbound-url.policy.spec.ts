import { isPrivateAddress, OutboundUrlPolicy } from './outbound-url.policy';

const policy = (allowPrivate: boolean) =>
  new OutboundUrlPolicy({ encryptionKey: 'k'.repeat(32), outboundAllowPrivate: allowPrivate });

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

describe('OutboundUrlPolicy', () => {
  it('allows loopback when private targets are allowed', () => {
    expect(policy(true).assertAllowed('http://127.0.0.1:9999/').port).toBe('9999');
  });

  it.each([
    'http://127.0.0.1/',
    'http://localhost/',
    'http://svc.internal/',
    'http://[::1]/',
    'http://10.0.0.8/',
  ])('refuses %s when private targets are not allowed', (url) =>
    expect(() => policy(false).assertAllowed(url, 'endpointUrl')).toThrow(/endpointUrl/),
  );

  it.each(['ftp://example.com/', 'file:///etc/passwd', 'https://u:p@example.com/', 'nonsense'])(
    'always refuses %s',
    (url) => expect(() => policy(true).assertAllowed(url)).toThrow(),
  );
});
