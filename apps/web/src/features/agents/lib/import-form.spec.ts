import type { AgentImportPreview } from '@switchboard/api-contract';
import { describe, expect, it } from 'vitest';
import { importCollisionOf } from './import-form';

const preview = (over: Partial<AgentImportPreview>): AgentImportPreview => ({
  cardUrl: 'http://127.0.0.1:9999/.well-known/agent-card.json',
  card: { name: 'Hello World Agent' },
  agent: { name: 'Hello World Agent' },
  collision: null,
  suggestedName: null,
  ...over,
});
const existing = { agentId: '0b3f6c1e-8f3a-4c2d-9e1f-123456789abc', agentName: 'Hello World Agent' };

describe('what the import preview says about an existing agent', () => {
  it('nothing when no agent has the name or slug', () => {
    expect(importCollisionOf(preview({}))).toEqual({ kind: 'none' });
  });

  it('the same registration: importing again changes nothing, no other name needed', () => {
    const seen = importCollisionOf(
      preview({
        collision: { ...existing, field: 'name', reuse: true },
        suggestedName: 'Hello World Agent 2',
      }),
    );
    expect(seen.kind).toBe('same');
    expect(seen).toMatchObject({ message: expect.stringContaining('changes nothing') });
  });

  it.each([
    ['name', 'already has this name'],
    ['slug', 'same slug'],
  ] as const)('another agent with the %s: refused, and the free name is offered', (field, text) => {
    const seen = importCollisionOf(
      preview({ collision: { ...existing, field, reuse: false }, suggestedName: 'Hello World Agent 2' }),
    );
    expect(seen).toEqual({
      kind: 'taken',
      message: expect.stringContaining(text),
      suggestedName: 'Hello World Agent 2',
    });
    expect(seen).toMatchObject({ message: expect.stringContaining('“Hello World Agent”') });
  });

  it('no free name found: refused, nothing offered', () => {
    const seen = importCollisionOf(
      preview({ collision: { ...existing, field: 'name', reuse: false }, suggestedName: null }),
    );
    expect(seen).toMatchObject({ kind: 'taken', suggestedName: null });
  });
});
