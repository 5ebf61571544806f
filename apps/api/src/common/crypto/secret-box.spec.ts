import { SecretBox } from './secret-box';

describe('SecretBox (AES-256-GCM)', () => {
  const box = new SecretBox('a-test-encryption-key-that-is-32-chars+');

  it('round-trips a value', () => {
    expect(box.openJson(box.sealJson({ token: 'secret' }))).toEqual({ token: 'secret' });
  });

  it('uses a fresh nonce each time', () => {
    expect(box.seal('same')).not.toBe(box.seal('same'));
  });

  it('does not contain the plaintext', () => {
    expect(box.seal('plain-secret-value')).not.toContain('plain-secret-value');
  });

  it('fails on tampering and on another key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(() => box.open([...parts.slice(0, 3), body.toString('base64url')].join('.'))).toThrow();
    expect(() => new SecretBox('another-key-of-enough-length-1234567').open(sealed)).toThrow();
  });
});
