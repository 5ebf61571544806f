import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSecurityConfig } from './security.config';

describe('OUTBOUND_CA_FILE', () => {
  let dir: string;
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const pem = (body: string) => `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'ca-config-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is off by default', () => {
    expect(loadSecurityConfig({}).outboundCa).toBeUndefined();
  });

  it('reads every certificate of the bundle', () => {
    const bundle = file('bundle.pem', `${pem('AAAA')}junk between\n${pem('BBBB')}`);
    expect(loadSecurityConfig({ OUTBOUND_CA_FILE: bundle }).outboundCa).toEqual([
      pem('AAAA').trimEnd(),
      pem('BBBB').trimEnd(),
    ]);
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.pem'), 'cannot read'],
    ['a file without certificates', () => file('empty.pem', 'not a certificate'), 'no PEM certificate'],
  ])('stops the boot on %s, naming the variable', (_, path, why) => {
    expect(() => loadSecurityConfig({ OUTBOUND_CA_FILE: path() })).toThrow(
      new RegExp(`OUTBOUND_CA_FILE: ${why}`),
    );
  });
});
