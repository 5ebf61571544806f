import { storableJson } from './storable-text';

describe('storableJson', () => {
  it('leaves storable JSON as JSON.stringify writes it', () => {
    const value = { text: 'ok 😀', path: 'C:\\\\udata' };
    expect(storableJson(value)).toBe(JSON.stringify(value));
  });

  it('replaces NUL and lone surrogates in strings at any depth', () => {
    expect(JSON.parse(storableJson({ parts: [{ text: 'a\u0000b\ud800' }] }))).toEqual({
      parts: [{ text: 'a\uFFFDb\uFFFD' }],
    });
  });
});
