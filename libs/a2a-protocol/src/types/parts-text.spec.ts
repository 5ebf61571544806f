import type { Part, StreamEvent, Task } from './a2a.schemas';
import { messageText, taskReplyText, textOfParts, textPartsOnly } from './parts-text';
import { foldStreamEvent, type StreamResult } from './stream-result';

const parts: Part[] = [
  { text: 'Hello' },
  { data: { n: 1 } },
  { url: 'https://files.example/report.pdf', filename: 'report.pdf' },
  { raw: 'aGk=', filename: 'hi.txt' },
  { text: '' },
];

describe('textOfParts', () => {
  it('reads text as is, data as JSON, a file by URL or name, and skips empty readings', () => {
    expect(textOfParts(parts)).toBe('Hello{"n":1}https://files.example/report.pdf[file hi.txt]');
  });

  it('joins with the separator asked for, without doubling it around a part left out', () => {
    expect(textOfParts(parts, { separator: '\n', describe: textPartsOnly })).toBe('Hello');
    expect(
      textOfParts([{ text: 'a' }, { data: {} }, { text: 'b' }], { separator: ' ', describe: textPartsOnly }),
    ).toBe('a b');
  });

  it('reads nothing from no parts or no message', () => {
    expect(textOfParts(undefined)).toBe('');
    expect(messageText(undefined)).toBe('');
  });
});

describe('taskReplyText', () => {
  const task = (over: Partial<Task>): Task => ({
    id: 't',
    contextId: 'c',
    status: { state: 'TASK_STATE_COMPLETED' },
    ...over,
  });

  it('is the artifacts, one per line, when there are any', () => {
    const reply = task({
      artifacts: [
        { artifactId: 'a', parts: [{ text: 'one' }] },
        { artifactId: 'b', parts: [{ text: 'two' }] },
      ],
      status: {
        state: 'TASK_STATE_COMPLETED',
        message: { messageId: 'm', role: 'ROLE_AGENT', parts: [{ text: 'x' }] },
      },
    });
    expect(taskReplyText(reply)).toBe('one\ntwo');
  });

  it("is the status message's text when there is no artifact", () => {
    const failed = task({
      status: {
        state: 'TASK_STATE_FAILED',
        message: { messageId: 'm', role: 'ROLE_AGENT', parts: [{ text: 'boom' }] },
      },
    });
    expect(taskReplyText(failed)).toBe('boom');
  });
});

describe('foldStreamEvent', () => {
  it('builds the task from status and appended artifact chunks of a task never announced', () => {
    const events: StreamEvent[] = [
      { statusUpdate: { taskId: 't', contextId: 'c', status: { state: 'TASK_STATE_WORKING' } } },
      {
        artifactUpdate: {
          taskId: 't',
          contextId: 'c',
          artifact: { artifactId: 'a', parts: [{ text: 'Hel' }] },
        },
      },
      {
        artifactUpdate: {
          taskId: 't',
          contextId: 'c',
          append: true,
          artifact: { artifactId: 'a', parts: [{ text: 'lo' }] },
        },
      },
      { statusUpdate: { taskId: 't', contextId: 'c', status: { state: 'TASK_STATE_COMPLETED' } } },
    ];
    const result = events.reduce<StreamResult>(foldStreamEvent, {});
    expect(result.task?.status.state).toBe('TASK_STATE_COMPLETED');
    expect(result.task && taskReplyText(result.task)).toBe('Hello');
  });
});
