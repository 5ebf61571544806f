import { legacyJsonRpcToV1Method, v1MethodToLegacyJsonRpc } from '@a2a-js/sdk/compat/v0_3';
import { METHOD_NAMES, methodFromV03, methodToV03, type V03MethodName } from './method-names';

describe('JSON-RPC method names v0.3 ↔ v1.0', () => {
  const pairs = Object.entries(METHOD_NAMES) as [V03MethodName, string][];

  it.each(pairs)('%s ↔ %s', (v03, v10) => {
    expect(methodFromV03(v03)).toBe(v10);
    expect(methodToV03(v10)).toBe(v03);
  });

  it.each(pairs)('%s matches the @a2a-js/sdk compat table', (v03, v10) => {
    expect(legacyJsonRpcToV1Method(v03)).toBe(v10);
    expect(v1MethodToLegacyJsonRpc(v10)).toBe(v03);
  });

  it('covers all ten v0.3 methods', () => {
    expect(pairs).toHaveLength(10);
  });

  it.each(['ListTasks', 'SendMessage ', 'message/send', 'toString', 'constructor', ''])(
    'has no v0.3 name for %j',
    (method) => {
      expect(methodToV03(method)).toBeUndefined();
    },
  );

  it.each(['SendMessage', 'tasks/list', 'toString', '__proto__', ''])('has no v1.0 name for %j', (method) => {
    expect(methodFromV03(method)).toBeUndefined();
  });
});
