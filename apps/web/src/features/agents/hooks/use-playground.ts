import type { AgentRead } from '@switchboard/api-contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '../../../lib/http';
import { streamAgent } from '../api/stream-agent';
import { cacheCanceledTask, cancelTask } from '../../tasks/api/cancel-task';
import { refreshAfterCall } from '../api/live-numbers';
import {
  applyStreamEvent,
  inputRequiredTask,
  newAgentTurn,
  type AgentTurn,
  type Turn,
} from '../lib/playground';

let turnSeq = 0;
const nextTurnId = () => `turn-${++turnSeq}`;

/**
 * A chat with one agent over `POST /a2a/:name/stream`: every event updates the current turn as it
 * arrives; the conversation's contextId is sent with each new message; a task that asked for input
 * gets the next message (its taskId); a running task can be canceled.
 */
export function usePlayground(agent: Pick<AgentRead, 'id' | 'slug' | 'name'>) {
  const queryClient = useQueryClient();
  const [turns, setTurns] = useState<Turn[]>([]);
  const [canceling, setCanceling] = useState(false);
  const stream = useRef<AbortController | null>(null);

  useEffect(() => () => stream.current?.abort(), []);

  const updateTurn = useCallback((id: string, update: (turn: AgentTurn) => AgentTurn) => {
    setTurns((all) => all.map((t) => (t.id === id && t.role === 'agent' ? update(t) : t)));
  }, []);

  // The conversation is the context of the latest turn the agent placed in one.
  const contextId = turns.findLast(
    (t): t is AgentTurn => t.role === 'agent' && t.contextId !== undefined,
  )?.contextId;
  const running = turns.some((t) => t.role === 'agent' && t.open);
  const waiting = inputRequiredTask(turns);

  const send = useCallback(
    async (text: string) => {
      const controller = new AbortController();
      stream.current = controller;
      const agentTurnId = nextTurnId();
      setTurns((all) => [...all, { role: 'user', id: nextTurnId(), text }, newAgentTurn(agentTurnId)]);
      const started = performance.now();
      try {
        await streamAgent(
          agent.slug,
          { message: text, contextId, taskId: waiting?.taskId },
          {
            onEvent: (event) => {
              const atMs = Math.round(performance.now() - started);
              updateTurn(agentTurnId, (turn) => applyStreamEvent(turn, event, atMs));
            },
          },
          controller.signal,
        );
        updateTurn(agentTurnId, (turn) => ({ ...turn, open: false }));
      } catch (error) {
        const aborted = controller.signal.aborted;
        updateTurn(agentTurnId, (turn) => ({
          ...turn,
          open: false,
          error: aborted ? undefined : errorMessage(error),
        }));
      } finally {
        if (stream.current === controller) stream.current = null;
        void refreshAfterCall(queryClient, agent.id);
      }
    },
    [agent.slug, agent.id, contextId, waiting?.taskId, updateTurn, queryClient],
  );

  /** Cancels the running task; the agent's CANCELED update (or the cancel answer) ends the turn. */
  const cancel = useCallback(
    async (turn: AgentTurn) => {
      if (!turn.taskId) return;
      setCanceling(true);
      try {
        const task = await cancelTask(agent.slug, turn.taskId);
        void cacheCanceledTask(queryClient, agent.name, task);
        updateTurn(turn.id, (t) =>
          t.state === 'TASK_STATE_CANCELED'
            ? t
            : applyStreamEvent(
                t,
                { statusUpdate: { taskId: task.id, contextId: task.contextId, status: task.status } },
                t.log.at(-1)?.atMs ?? 0,
              ),
        );
        // The task is over whatever the stream still sends: stop listening.
        stream.current?.abort();
      } finally {
        setCanceling(false);
      }
    },
    [agent.slug, agent.name, updateTurn, queryClient],
  );

  const reset = useCallback(() => {
    stream.current?.abort();
    setTurns([]);
  }, []);

  return { turns, contextId, running, waiting, canceling, send, cancel, reset };
}
