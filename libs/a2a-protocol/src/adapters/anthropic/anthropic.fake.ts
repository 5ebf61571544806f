import { answerFault, faultIn, sendJson, startFake, startSse, type FakeServer } from '../testing/fake-http';

// A fake Anthropic Messages API following its reference (https://docs.anthropic.com/en/api/messages and
// /en/docs/build-with-claude/streaming, anthropic-version 2023-06-01): POST /v1/messages with `x-api-key`
// and `anthropic-version`; a `message` object, or with `stream: true` the SSE sequence message_start →
// content_block_start → ping → content_block_delta … → content_block_stop → message_delta → message_stop.
// Errors are `{ type: "error", error: { type, message } }`.
//
// Its answer shows what it received: `echo: <last user text> (user turns: N, system: yes|no)`.

export const ANTHROPIC_KEY = 'sk-ant-test-0123456789';

interface MessagesBody {
  model?: unknown;
  max_tokens?: unknown;
  system?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  stream?: unknown;
}

const errorType: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
  500: 'api_error',
  503: 'overloaded_error',
};
const errorBody = (status: number, message: string) => ({
  type: 'error',
  error: { type: errorType[status] ?? 'api_error', message },
});

export async function startAnthropicFake(): Promise<FakeServer> {
  return startFake((req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/messages')
      return sendJson(res, 404, errorBody(404, `Unknown route ${req.method} ${req.path}`));
    if (req.headers['x-api-key'] !== ANTHROPIC_KEY)
      return sendJson(res, 401, errorBody(401, 'invalid x-api-key'));
    if (req.headers['anthropic-version'] !== '2023-06-01')
      return sendJson(res, 400, errorBody(400, 'anthropic-version: header is required'));
    const body = req.body as MessagesBody | undefined;
    const messages = body?.messages;
    if (
      typeof body?.model !== 'string' ||
      typeof body.max_tokens !== 'number' ||
      !Array.isArray(messages) ||
      messages.length === 0 ||
      messages[0].role !== 'user' ||
      messages.some(
        (m, i) => m.role !== (i % 2 === 0 ? 'user' : 'assistant') || typeof m.content !== 'string',
      )
    ) {
      return sendJson(
        res,
        400,
        errorBody(
          400,
          'messages: roles must alternate user/assistant, starting with user; max_tokens required',
        ),
      );
    }
    const userTurns = messages.filter((m) => m.role === 'user');
    const last = String(userTurns[userTurns.length - 1].content);
    const fault = faultIn(last);
    if (fault) return answerFault(res, fault, errorBody);
    const system = typeof body.system === 'string' ? 'yes' : 'no';
    const answer = `echo: ${last} (user turns: ${userTurns.length}, system: ${system})`;
    const usage = { input_tokens: 12 * messages.length, output_tokens: answer.split(' ').length };
    const id = `msg_${Date.now()}`;
    if (body.stream !== true) {
      return sendJson(res, 200, {
        id,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content: [{ type: 'text', text: answer }],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage,
      });
    }
    const sse = startSse(res);
    sse.event(
      {
        type: 'message_start',
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: body.model,
          content: [],
          stop_reason: null,
          usage: { input_tokens: usage.input_tokens, output_tokens: 1 },
        },
      },
      'message_start',
    );
    sse.event(
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      'content_block_start',
    );
    sse.event({ type: 'ping' }, 'ping');
    for (const word of answer.split(/(?<= )/))
      sse.event(
        { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word } },
        'content_block_delta',
      );
    sse.event({ type: 'content_block_stop', index: 0 }, 'content_block_stop');
    sse.event(
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: usage.output_tokens },
      },
      'message_delta',
    );
    sse.event({ type: 'message_stop' }, 'message_stop');
    sse.end();
  });
}
