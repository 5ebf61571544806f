import { RecordHeaders } from './record-headers';

describe('RecordHeaders', () => {
  const record = () => ({
    'content-type': 'application/json',
    'set-cookie': ['a=1', 'b=2'],
    'x-b': '2',
    'x-a': '1',
  });

  it('reads like fetch Headers: any case, repeated headers joined, absent ones null', () => {
    const headers = new RecordHeaders(record());
    expect(headers.get('Content-Type')).toBe('application/json');
    expect(headers.get('set-cookie')).toBe('a=1, b=2');
    expect(headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(headers.has('X-A')).toBe(true);
    expect(headers.get('retry-after')).toBeNull();
  });

  it('iterates sorted by name, and a fetch Response takes it as its headers', () => {
    const headers = new RecordHeaders(record());
    expect([...headers].map(([k]) => k)).toEqual(['content-type', 'set-cookie', 'x-a', 'x-b']);
    const response = new Response('{}', { headers });
    expect(response.headers.get('x-b')).toBe('2');
    expect([...new Headers(headers).keys()]).toEqual([...headers.keys()]);
  });

  it('changes as Headers do', () => {
    const headers = new RecordHeaders(record());
    headers.append('x-a', '3');
    headers.set('X-C', 'c');
    headers.delete('x-b');
    expect(headers.get('x-a')).toBe('1, 3');
    expect(headers.get('x-c')).toBe('c');
    expect(headers.has('x-b')).toBe(false);
  });
});
