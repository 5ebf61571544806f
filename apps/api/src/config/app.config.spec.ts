import { loadAppConfig } from './app.config';

describe('TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['true', true],
    ['10.0.0.0/8, 127.0.0.1,loopback', ['10.0.0.0/8', '127.0.0.1', 'loopback']],
    ['fd00::/8', ['fd00::/8']],
  ])('%p → %p', (value, expected) => {
    expect(loadAppConfig(value === undefined ? {} : { TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('refuses a hop count, saying what to set instead', () => {
    expect(() => loadAppConfig({ TRUST_PROXY: '2' })).toThrow(
      /TRUST_PROXY: a hop count is not supported .*list the proxies' addresses or ranges/,
    );
  });

  it('refuses what is not an address, naming it', () => {
    expect(() => loadAppConfig({ TRUST_PROXY: '10.0.0.0/8, my-proxy' })).toThrow(
      /TRUST_PROXY: "my-proxy" must be an IP address, a CIDR range/,
    );
  });
});
