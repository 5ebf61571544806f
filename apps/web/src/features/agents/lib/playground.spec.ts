import type { StreamEvent } from '@switchboard/a2a-protocol';
import { describe, expect, it } from 'vitest';
import {
  applyStreamEvent,
  inputRequiredTask,
  isCancelable,
  newAgentTurn,
  type AgentTurn,
} from './playground';

const fold = (events: StreamEvent[]): AgentTurn =>
  events.reduce((turn, event, index) => applyStreamEvent(turn, event, index * 300), newAgentTurn('turn-1'));

const ids = { taskId: 't-1', contextId: 'c-1' };

describe('the playground turn folded from stream events', () => {
  it('joins appended artifact chunks in order and records each event', () => {
    const turn = fold([
      { task: { id: 't-1', contextId: 'c-1', status: { state: 'TASK_STATE_SUBMITTED' } } },
      { statusUpdate: { ...ids, status: { state: 'TASK_STATE_WORKING' } } },
      {
        artifactUpdate: {
          ...ids,
          artifact: { artifactId: 'a', parts: [{ text: 'chunk 1 ' }] },
          lastChunk: false,
        },
      },
      {
        artifactUpdate: {
          ...ids,
          append: true,
          lastChunk: true,
          artifact: { artifactId: 'a', parts: [{ text: 'chunk 2' }] },
        },
      },
      { statusUpdate: { ...ids, status: { state: 'TASK_STATE_COMPLETED' } } },
    ]);
    expect(turn.state).toBe('TASK_STATE_COMPLETED');
    expect(turn.artifacts).toEqual([
      { artifactId: 'a', name: undefined, text: 'chunk 1 chunk 2', chunks: 2, complete: true },
    ]);
    expect(turn.log.map((entry) => entry.kind)).toEqual([
      'task',
      'status-update',
      'artifact-update',
      'artifact-update',
      'status-update',
    ]);
    expect(turn.log.at(-1)?.atMs).toBe(1200);
    expect(isCancelable(turn)).toBe(false);
  });

  it('keeps direct replies as messages, text of every part', () => {
    const turn = fold([
      {
        message: {
          messageId: 'm',
          role: 'ROLE_AGENT',
          contextId: 'c-9',
          parts: [{ text: 'Hi ' }, { data: { n: 1 } }],
        },
      },
    ]);
    expect(turn.messages).toEqual(['Hi {"n":1}']);
    expect(turn.contextId).toBe('c-9');
  });

  it('a task that asks for input is cancelable while open and is the one the next message continues', () => {
    const asking = fold([
      {
        statusUpdate: {
          ...ids,
          status: {
            state: 'TASK_STATE_INPUT_REQUIRED',
            message: { messageId: 'm', role: 'ROLE_AGENT', parts: [{ text: 'Which city?' }] },
          },
        },
      },
    ]);
    expect(asking.statusText).toBe('Which city?');
    expect(inputRequiredTask([{ ...asking, open: false }])?.taskId).toBe('t-1');
    expect(inputRequiredTask([asking])).toBeUndefined();
  });
});
