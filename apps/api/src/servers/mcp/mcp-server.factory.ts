import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { StreamEvent } from '@switchboard/a2a-protocol';
import { ToolCallInputBodySchema } from '@switchboard/api-contract';
import type { Principal } from '../../auth/decorators/current-user.decorator';
import { describeIssues, issuesOf } from '../../common/http/error-response';
import type { AgentCalls } from '../../invocation/agent-calls.port';
import type { ToolSet } from './agent-tools';
import { callAgentTool } from './agent-tool-call';
import { AgentTaskStore, mcpStatusOf } from './agent-task-store';
import { describeEvent, errorResult } from './utils/from-a2a-to-tool-result.util';

/** Building a validator costs more than a whole call: every session's server shares this one. */
const validator = new AjvJsonSchemaValidator();

export interface McpServerDeps {
  serverName: string;
  serverDescription: string | null;
  principal: Principal;
  /** The call path: each tool call is a streamed call to its agent. */
  calls: AgentCalls;
  /** The server's tools as they are now (the catalog follows agent and server edits live). */
  tools: () => ToolSet | null;
  pageSize: number;
  /** MCP tasks (stateful sessions only): results are kept this long at most. */
  taskTtlMs: number | null;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw new McpError(ErrorCode.InvalidParams, 'cursor: not one this server returned');
  return Number(match[1]);
}

/**
 * One MCP server (low-level SDK `Server`) for one session or one stateless request — never shared between
 * clients. Its tools are the agents of a virtual server; a call goes through the gateway pipeline as the
 * session's principal.
 */
export function createMcpServer(deps: McpServerDeps): { server: Server; tasks: AgentTaskStore | null } {
  const tasks = deps.taskTtlMs === null ? null : new AgentTaskStore();
  const server = new Server(
    { name: `switchboard/${deps.serverName}`, title: deps.serverName, version: '0.1.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        ...(tasks ? { tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } } : {}),
      },
      ...(deps.serverDescription ? { instructions: deps.serverDescription } : {}),
      jsonSchemaValidator: validator,
      ...(tasks ? { taskStore: tasks, defaultTaskPollInterval: 500 } : {}),
    },
  );

  const toolSet = (): ToolSet => {
    const set = deps.tools();
    if (!set) throw new McpError(ErrorCode.InvalidRequest, 'This server is disabled or was deleted');
    return set;
  };

  server.setRequestHandler(ListToolsRequestSchema, (request) => {
    const { tools } = toolSet();
    const offset = decodeCursor(request.params?.cursor);
    const end = offset + deps.pageSize;
    return {
      tools: tools.slice(offset, end),
      ...(end < tools.length ? { nextCursor: encodeCursor(end) } : {}),
    };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra: Extra) => {
    const { name, arguments: args, task } = request.params;
    const entry = toolSet().byName.get(name);
    if (!entry)
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name} (not a tool of this server)`);
    const parsed = ToolCallInputBodySchema.safeParse(args ?? {});
    if (!parsed.success) {
      // Input errors are tool execution errors (MCP 2025-11-25): the model can read them and try again.
      const text = `Invalid arguments: ${describeIssues(issuesOf(parsed.error))}`;
      return { isError: true, content: [{ type: 'text', text }] } satisfies CallToolResult;
    }
    const progressToken = request.params._meta?.progressToken;
    let progress = 0;
    const notifyProgress = async (message: string) => {
      if (progressToken === undefined) return;
      await extra
        .sendNotification({
          method: 'notifications/progress',
          params: { progressToken, progress: ++progress, message: message.slice(0, 1_000) },
        })
        .catch(() => undefined);
    };

    if (!task || !tasks || !extra.taskStore) {
      // Events are only described when a client asked for progress.
      const observer =
        progressToken === undefined
          ? {}
          : { onEvent: (event: StreamEvent) => notifyProgress(describeEvent(event)) };
      return callAgentTool(deps.calls, deps.principal, entry.agentName, parsed.data, extra.signal, observer);
    }

    // An MCP task: answer at once, run the call in the background, mirror the A2A task's state.
    const store = extra.taskStore;
    const ttl = Math.min(task.ttl ?? deps.taskTtlMs!, deps.taskTtlMs!);
    const created = await store.createTask({ ttl, pollInterval: 500 });
    const run = tasks.run(created.taskId);
    let status = created.status;
    const setStatus = async (next: typeof status, message?: string) => {
      if (next === status || next === 'completed' || next === 'failed') return;
      status = next;
      await store.updateTaskStatus(created.taskId, next, message).catch(() => undefined);
    };
    void (async () => {
      const result = await callAgentTool(
        deps.calls,
        deps.principal,
        entry.agentName,
        parsed.data,
        run.signal,
        {
          onEvent: async (event, folded) => {
            const line = describeEvent(event);
            await notifyProgress(line);
            if (folded.task) await setStatus(mcpStatusOf(folded.task.status.state), line);
          },
        },
      ).catch((error: unknown) => errorResult(entry.agentName, error));
      tasks.ended(created.taskId);
      if (run.signal.aborted) return;
      const state =
        (result.structuredContent?.state as Parameters<typeof mcpStatusOf>[0] | undefined) ?? null;
      const final = state ? mcpStatusOf(state) : 'failed';
      if (final === 'completed' || final === 'failed') {
        await store.storeTaskResult(created.taskId, final, result).catch(() => undefined);
      } else {
        await setStatus(final, String(result.structuredContent?.text ?? ''));
      }
    })();
    return { task: created };
  });

  return { server, tasks };
}
