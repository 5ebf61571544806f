import type { AgentRead } from '@switchboard/api-contract';
import { describe, expect, it } from 'vitest';
import { agentsPageStateOf, savedAgentState } from './agents-page-state';

// Only what savedAgentState reads of the API's answer.
const saved = (warnings?: AgentRead['warnings']) => ({ name: 'support', warnings }) as AgentRead;

describe('the agents list state after a save', () => {
  it('carries the API’s warnings with the notice, so the list shows them', () => {
    const state = savedAgentState(
      saved([{ code: 'ENDPOINT_UNREACHABLE', message: 'endpointUrl http://x did not answer (refused)' }]),
      'support was registered.',
    );
    expect(state).toEqual({
      notice: 'support was registered.',
      warnings: ['endpointUrl http://x did not answer (refused)'],
    });
    expect(agentsPageStateOf(state)).toEqual(state);
  });

  it('without warnings, is the notice alone', () => {
    expect(savedAgentState(saved(), 'support was saved.')).toEqual({ notice: 'support was saved.' });
    expect(savedAgentState(saved([]), 'support was saved.')).toEqual({ notice: 'support was saved.' });
  });

  it.each([
    [null, { notice: null, warnings: [] }],
    ['text', { notice: null, warnings: [] }],
    [
      { notice: 3, warnings: 'no' },
      { notice: null, warnings: [] },
    ],
    [
      { notice: 'ok', warnings: ['a', 2, null, 'b'] },
      { notice: 'ok', warnings: ['a', 'b'] },
    ],
  ])('reads history state %j as %j (anything may be there)', (state, expected) => {
    expect(agentsPageStateOf(state)).toEqual(expected);
  });
});
