import type { AgentRead } from '@switchboard/api-contract';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../components/Button';
import { inputClass } from '../../../components/styles';
import { toast } from '../../../lib/toast';
import { usePlayground } from '../hooks/use-playground';
import { taskStateLabel } from '../../../lib/task-state-labels';
import { isCancelable, type AgentTurn } from '../lib/playground';

const EXAMPLES = ['Hello', 'stream:3', 'input-required', 'long', 'fail'];

function stateTone(turn: AgentTurn): string {
  switch (turn.state) {
    case 'TASK_STATE_COMPLETED':
      return 'text-emerald-700 dark:text-emerald-300';
    case 'TASK_STATE_FAILED':
    case 'TASK_STATE_REJECTED':
    case 'TASK_STATE_CANCELED':
      return 'text-red-700 dark:text-red-300';
    case 'TASK_STATE_INPUT_REQUIRED':
    case 'TASK_STATE_AUTH_REQUIRED':
      return 'text-amber-700 dark:text-amber-300';
    default:
      return 'text-sky-700 dark:text-sky-300';
  }
}

function AgentTurnView({
  turn,
  agentName,
  canceling,
  onCancel,
}: {
  turn: AgentTurn;
  agentName: string;
  canceling: boolean;
  onCancel: (turn: AgentTurn) => void;
}) {
  return (
    <li
      data-testid="playground-agent-turn"
      data-task-id={turn.taskId}
      data-context-id={turn.contextId}
      data-state={turn.state}
      aria-busy={turn.open}
      className="mr-auto w-full max-w-3xl rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm font-semibold text-slate-900 dark:text-slate-100">
          {agentName}
          {turn.state && (
            <span data-testid="playground-turn-state" className={`ml-2 font-medium ${stateTone(turn)}`}>
              {taskStateLabel(turn.state)}
            </span>
          )}
          {turn.open && !turn.state && (
            <span className="ml-2 font-normal text-slate-600 dark:text-slate-400">
              Waiting for the first event…
            </span>
          )}
        </p>
        {isCancelable(turn) && (
          <Button size="sm" variant="danger" busy={canceling} onClick={() => onCancel(turn)}>
            Cancel task
          </Button>
        )}
      </div>
      {turn.taskId && (
        <p className="mt-0.5 text-xs break-all text-slate-500 dark:text-slate-400">Task {turn.taskId}</p>
      )}

      {turn.statusText && (
        <p
          data-testid="playground-status-text"
          className={`mt-2 text-sm ${turn.state === 'TASK_STATE_INPUT_REQUIRED' ? 'font-medium text-amber-800 dark:text-amber-200' : 'text-slate-700 dark:text-slate-300'}`}
        >
          {turn.statusText}
        </p>
      )}
      {turn.messages.map((text, i) => (
        <p key={i} data-testid="playground-message" className="mt-2 text-sm whitespace-pre-wrap">
          {text}
        </p>
      ))}
      {turn.artifacts.map((artifact) => (
        <div key={artifact.artifactId} className="mt-2" data-testid="playground-artifact">
          <p className="text-xs font-medium text-slate-600 dark:text-slate-400">
            {artifact.name ?? 'Artifact'} · {artifact.chunks} {artifact.chunks === 1 ? 'chunk' : 'chunks'}
            {!artifact.complete && ' · streaming…'}
          </p>
          <p
            data-testid="playground-artifact-text"
            className="mt-1 rounded-md bg-slate-50 p-2 text-sm whitespace-pre-wrap dark:bg-slate-800/60"
          >
            {artifact.text}
          </p>
        </div>
      ))}
      {turn.error && (
        <p
          role="alert"
          data-testid="playground-error"
          className="mt-2 text-sm text-red-700 dark:text-red-300"
        >
          {turn.error}
        </p>
      )}
      {turn.log.length > 0 && (
        <details className="mt-3" open>
          <summary className="cursor-pointer text-xs font-medium text-slate-600 dark:text-slate-400">
            {turn.log.length} streamed {turn.log.length === 1 ? 'event' : 'events'}
          </summary>
          <ol className="mt-2 space-y-0.5 font-mono text-xs" aria-label="Streamed events">
            {turn.log.map((entry) => (
              <li
                key={entry.seq}
                data-testid="stream-event"
                data-kind={entry.kind}
                className="flex gap-2 text-slate-700 dark:text-slate-300"
              >
                <span className="w-14 shrink-0 text-right text-slate-500 tabular-nums dark:text-slate-400">
                  +{entry.atMs} ms
                </span>
                <span className="break-all">{entry.summary}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
    </li>
  );
}

/** Chat with the agent through the gateway's streaming endpoint. */
export function AgentPlayground({ agent }: { agent: AgentRead }) {
  const { turns, contextId, running, waiting, canceling, send, cancel, reset } = usePlayground(agent);
  const [text, setText] = useState('');
  const inputId = useId();
  const hintId = useId();
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const endRef = useRef<HTMLDivElement>(null);

  // A block body: scroll methods return a promise in newer browsers, and an effect may only return a cleanup.
  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [turns]);

  const submit = () => {
    const message = text.trim();
    if (!message || running) return;
    setText('');
    void send(message);
    inputRef.current?.focus();
  };

  return (
    <section aria-labelledby="playground-heading" className="space-y-4" data-testid="playground">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id="playground-heading" className="text-lg font-semibold text-slate-900 dark:text-slate-100">
            Playground
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Messages go through the gateway’s streaming endpoint; each event shows as it arrives.
          </p>
        </div>
        <div className="flex items-center gap-3 text-xs text-slate-600 dark:text-slate-400">
          <span data-testid="playground-context">
            {contextId ? (
              <>
                Conversation <code className="break-all">{contextId}</code>
              </>
            ) : (
              'New conversation'
            )}
          </span>
          <Button size="sm" variant="secondary" onClick={reset} disabled={turns.length === 0}>
            New conversation
          </Button>
        </div>
      </div>

      <ol aria-label="Conversation" aria-live="polite" className="space-y-3">
        {turns.length === 0 && (
          <li className="rounded-lg border-2 border-dashed border-slate-300 px-6 py-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
            No messages yet. Say hello, or try one of the examples below.
          </li>
        )}
        {turns.map((turn) =>
          turn.role === 'user' ? (
            <li
              key={turn.id}
              data-testid="playground-user-turn"
              className="ml-auto w-fit max-w-xl rounded-lg bg-indigo-600 px-4 py-2 text-sm whitespace-pre-wrap text-white"
            >
              <span className="sr-only">You: </span>
              {turn.text}
            </li>
          ) : (
            <AgentTurnView
              key={turn.id}
              turn={turn}
              agentName={agent.name}
              canceling={canceling}
              onCancel={(t) =>
                void cancel(t).catch((error: unknown) => toast.error(error, 'Could not cancel the task'))
              }
            />
          ),
        )}
      </ol>
      <div ref={endRef} />

      <form
        aria-label={`Message ${agent.name}`}
        className="space-y-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-700"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {waiting && (
          <p
            role="status"
            data-testid="playground-input-required"
            className="text-sm font-medium text-amber-800 dark:text-amber-200"
          >
            {agent.name} needs more input{waiting.statusText ? `: ${waiting.statusText}` : '.'} Your next
            message continues task {waiting.taskId}.
          </p>
        )}
        <label htmlFor={inputId} className="block text-sm font-medium text-slate-900 dark:text-slate-100">
          {waiting ? 'Your answer' : 'Message'}
        </label>
        <textarea
          ref={inputRef}
          id={inputId}
          rows={2}
          className={inputClass}
          value={text}
          aria-describedby={hintId}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <div className="flex flex-wrap items-center justify-between gap-2">
          <p id={hintId} className="text-xs text-slate-600 dark:text-slate-400">
            Enter sends, Shift+Enter adds a line. Examples:{' '}
            {EXAMPLES.map((example, i) => (
              <span key={example}>
                {i > 0 && ', '}
                <button
                  type="button"
                  className="rounded font-mono underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                  onClick={() => {
                    setText(example);
                    inputRef.current?.focus();
                  }}
                >
                  {example}
                </button>
              </span>
            ))}
          </p>
          <Button type="submit" busy={running} disabled={!text.trim()}>
            Send
          </Button>
        </div>
      </form>
    </section>
  );
}
