import { AgentConfig } from '../../gateway/agent-config';
import type { AdapterContext } from '../provider-adapter';
import { callerContextOf, callerScopedContext, callerScopedUuid, uuidV5 } from './caller-scope';

const ctx = (agentName: string, callerId: string | null) =>
  ({ agent: new AgentConfig(agentName, 'http://agent.test/'), callerId }) as unknown as AdapterContext;

describe('caller-scoped conversation ids', () => {
  it('computes UUIDv5 as RFC 9562 publishes it (Appendix A.4, DNS namespace, "www.example.com")', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives the same caller the same id for a contextId, and anyone else another one', () => {
    const mine = callerScopedUuid(ctx('lg', 'alice'), 'c1');
    expect(callerScopedUuid(ctx('lg', 'alice'), 'c1')).toBe(mine);
    expect(callerScopedUuid(ctx('lg', 'bob'), 'c1')).not.toBe(mine);
    expect(callerScopedUuid(ctx('lg', null), 'c1')).not.toBe(mine);
    expect(callerScopedUuid(ctx('other', 'alice'), 'c1')).not.toBe(mine);
    expect(callerScopedUuid(ctx('lg', 'alice'), 'c2')).not.toBe(mine);
  });

  it('reads the caller’s contextId back from a scoped one, only for that caller', () => {
    const scoped = callerScopedContext(ctx('pyd', 'alice'), 'ctx:with:colons');
    expect(callerContextOf(ctx('pyd', 'alice'), scoped)).toBe('ctx:with:colons');
    expect(callerContextOf(ctx('pyd', 'bob'), scoped)).toBeUndefined();
    expect(callerContextOf(ctx('pyd', 'alice'), 'ctx:with:colons')).toBeUndefined();
    expect(callerContextOf(ctx('pyd', 'alice'), `${scoped.slice(0, 37)}other`)).toBeUndefined();
  });
});
