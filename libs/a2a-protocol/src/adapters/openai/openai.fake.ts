import { answerFault, faultIn, sendJson, startFake, startSse, type FakeServer } from '../testing/fake-http';

// A fake OpenAI-compatible server following the Chat Completions API reference (API v1,
// https://platform.openai.com/docs/api-reference/chat/create and /chat/streaming, as of 2025):
// POST /v1/chat/completions with `Authorization: Bearer <key>`; JSON `chat.completion`, or with
// `stream: true` SSE `chat.completion.chunk` events ending in `data: [DONE]` — the usage chunk (empty
// `choices`) before it when `stream_options.include_usage` is set. Errors: `{ error: { message, type,
// param, code } }`, 401 for a wrong key, 429 with Retry-After.
//
// Its answer shows what it received: `echo: <last user text> (user turns: N, system: yes|no)`.

export const OPENAI_KEY = 'sk-test-openai-0123456789';

interface ChatBody {
  model?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  stream?: unknown;
  stream_options?: { include_usage?: unknown };
}

const errorBody = (status: number, message: string) => ({
  error: {
    message,
    type: status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_request_error' : 'server_error',
    param: null,
    code: status === 401 ? 'invalid_api_key' : null,
  },
});

export async function startOpenAIFake(): Promise<FakeServer> {
  return startFake((req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/chat/completions')
      return sendJson(res, 404, errorBody(404, `Unknown route ${req.method} ${req.path}`));
    if (req.headers.authorization !== `Bearer ${OPENAI_KEY}`)
      return sendJson(res, 401, errorBody(401, 'Incorrect API key provided.'));
    const body = req.body as ChatBody | undefined;
    const messages = body?.messages;
    if (
      typeof body?.model !== 'string' ||
      !Array.isArray(messages) ||
      messages.length === 0 ||
      messages.some(
        (m) => !['system', 'user', 'assistant'].includes(String(m.role)) || typeof m.content !== 'string',
      )
    ) {
      return sendJson(res, 400, errorBody(400, 'Invalid request: model and messages are required.'));
    }
    const userTurns = messages.filter((m) => m.role === 'user');
    const last = String(userTurns[userTurns.length - 1]?.content ?? '');
    const fault = faultIn(last);
    if (fault) return answerFault(res, fault, errorBody);
    const system = messages.some((m) => m.role === 'system') ? 'yes' : 'no';
    const answer = `echo: ${last} (user turns: ${userTurns.length}, system: ${system})`;
    const usage = {
      prompt_tokens: 10 * messages.length,
      completion_tokens: answer.split(' ').length,
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const id = `chatcmpl-${Date.now()}`;
    const created = Math.floor(Date.now() / 1000);
    if (body.stream !== true) {
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model: body.model,
        choices: [
          { index: 0, message: { role: 'assistant', content: answer, refusal: null }, finish_reason: 'stop' },
        ],
        usage,
      });
    }
    const sse = startSse(res);
    const chunk = (delta: object, finish: string | null = null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      choices: [{ index: 0, delta, finish_reason: finish }],
      ...(body.stream_options?.include_usage ? { usage: null } : {}),
    });
    sse.event(chunk({ role: 'assistant', content: '' }));
    for (const word of answer.split(/(?<= )/)) sse.event(chunk({ content: word }));
    sse.event(chunk({}, 'stop'));
    if (body.stream_options?.include_usage)
      sse.event({ id, object: 'chat.completion.chunk', created, model: body.model, choices: [], usage });
    sse.event('[DONE]');
    sse.end();
  });
}
