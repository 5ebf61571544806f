import type { AgentRead } from '@switchboard/api-contract';
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '../../../components/Button';
import { inputClass } from '../../../components/styles';
import { formatMs } from '../../../lib/format';
import { ApiError, errorMessage } from '../../../lib/http';
import { useInvokeAgent, type TimedInvokeResult } from '../api/invoke-agent';
import { taskStateLabel } from '../../../lib/task-state-labels';
import { isFailureState, messageText, taskReplyText } from '@switchboard/a2a-protocol';

/** What a test call came back with, as shown to the user. */
function outcomeOf({ response }: TimedInvokeResult): { ok: boolean; state: string; text: string } {
  if ('message' in response) return { ok: true, state: 'Message', text: messageText(response.message) };
  const { task } = response;
  return {
    ok: !isFailureState(task.status.state),
    state: taskStateLabel(task.status.state),
    text: taskReplyText(task),
  };
}

/** Sends one message to the agent through the gateway and shows the answer, its duration or the error. */
export function AgentTestPanel({ agent, onClose }: { agent: AgentRead; onClose: () => void }) {
  const [text, setText] = useState('Hello');
  const invoke = useInvokeAgent(agent);
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const resultId = useId();

  useEffect(() => {
    inputRef.current?.focus();
  }, []);

  const outcome = invoke.data ? outcomeOf(invoke.data) : null;
  return (
    <div data-testid="agent-test-panel" className="space-y-3">
      <form
        className="flex flex-wrap items-end gap-2"
        aria-label={`Test ${agent.name}`}
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim()) invoke.mutate({ message: text });
        }}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
        }}
      >
        <div className="min-w-48 flex-1">
          <label htmlFor={inputId} className="block text-xs font-medium text-slate-700 dark:text-slate-300">
            Test message
          </label>
          <input
            ref={inputRef}
            id={inputId}
            className={`mt-1 ${inputClass}`}
            value={text}
            maxLength={10_000}
            onChange={(event) => setText(event.target.value)}
            aria-describedby={resultId}
          />
        </div>
        <Button type="submit" size="sm" busy={invoke.isPending} disabled={!text.trim()}>
          Send
        </Button>
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      </form>
      <div id={resultId} aria-live="polite" className="text-sm">
        {invoke.isPending && <p className="text-slate-600 dark:text-slate-400">Calling {agent.name}…</p>}
        {outcome && invoke.data && !invoke.isPending && (
          <div
            data-testid="agent-test-result"
            data-outcome={outcome.ok ? 'success' : 'failure'}
            className={`rounded-md border p-3 ${
              outcome.ok
                ? 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100'
                : 'border-red-200 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100'
            }`}
          >
            <p className="font-semibold">
              <span data-testid="agent-test-state">{outcome.state}</span>
              <span className="font-normal"> in </span>
              <span data-testid="agent-test-duration">{formatMs(invoke.data.durationMs)}</span>
            </p>
            {outcome.text && (
              <p data-testid="agent-test-reply" className="mt-1 break-words whitespace-pre-wrap">
                {outcome.text}
              </p>
            )}
          </div>
        )}
        {invoke.isError && !invoke.isPending && (
          <div
            data-testid="agent-test-result"
            data-outcome="error"
            role="alert"
            className="rounded-md border border-red-200 bg-red-50 p-3 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
          >
            <p className="font-semibold">
              Error
              {invoke.error instanceof ApiError && invoke.error.status > 0
                ? ` (HTTP ${invoke.error.status}, ${invoke.error.code})`
                : ''}
            </p>
            <p data-testid="agent-test-reply" className="mt-1 break-words">
              {errorMessage(invoke.error)}
            </p>
          </div>
        )}
      </div>
    </div>
  );
}
