import {
  DependencyErrorCode,
  DependencyUnavailableException,
} from '../../../common/errors/dependency.exception';
import { toJsonRpcError } from './from-a2a-error-to-json-rpc.util';

describe('toJsonRpcError: a dependency that is away, in each A2A dialect', () => {
  const outage = new DependencyUnavailableException(
    DependencyErrorCode.DatabaseUnavailable,
    'The database is away',
  );

  it('v1.0: internal error with ErrorInfo (the code as reason, domain switchboard) and RetryInfo', () => {
    expect(toJsonRpcError(outage, '1.0')).toEqual({
      code: -32603,
      message: 'The database is away',
      data: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'DATABASE_UNAVAILABLE',
          domain: 'switchboard',
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '5.000s' },
      ],
    });
  });

  it('v0.3: internal error with data { code, retryAfterMs }', () => {
    expect(toJsonRpcError(outage, '0.3')).toEqual({
      code: -32603,
      message: 'The database is away',
      data: { code: 'DATABASE_UNAVAILABLE', retryAfterMs: 5_000 },
    });
  });
});
