import { errorResult } from './from-a2a-to-tool-result.util';

describe('errorResult: a failed tool call as a result the model can read', () => {
  it('names a database that cannot be reached by its code, with when to retry, and not the driver message', () => {
    const result = errorResult(
      'hello',
      Object.assign(new Error('connect ECONNREFUSED 10.9.8.7:5432'), { code: 'ECONNREFUSED' }),
    );
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toMatchObject({
      agent: 'hello',
      state: 'error',
      error: { code: 'DATABASE_UNAVAILABLE', retryAfterMs: 5_000 },
    });
    expect(JSON.stringify(result)).not.toContain('10.9.8.7');
  });

  it('says no more than that the call failed for an error it does not know', () => {
    const result = errorResult('hello', new Error('secret internals'));
    expect(result).toEqual({
      isError: true,
      content: [{ type: 'text', text: 'The call to agent "hello" failed.' }],
    });
  });
});
