import { answerFault, faultIn, sendJson, startFake, type FakeServer } from '../testing/fake-http';

// A fake "custom" agent: plain JSON over HTTP, as ContextForge's A2A catalog calls
// non-JSON-RPC agents — POST {interaction_type, parameters, protocol_version} — plus a second route for a
// templated request. Checks a custom header credential. Errors are `{ error: "<message>" }`.
//
//   POST /            ContextForge format → { response: "echo: <parameters.query> (<interaction_type>)" };
//                     parameters { list: true } → { items: [...] } (no text: structured data)
//   POST /template    { input: { question }, session } → { data: { answer: "echo: <question> [<session>]" } }

export const CUSTOM_TOKEN = 'custom-secret-0123456789';

const errorBody = (_status: number, message: string) => ({ error: message });

export async function startCustomFake(): Promise<FakeServer> {
  return startFake((req, res) => {
    if (req.method !== 'POST') return sendJson(res, 405, errorBody(405, 'POST only'));
    if (req.headers['x-custom-token'] !== CUSTOM_TOKEN)
      return sendJson(res, 401, errorBody(401, 'bad token'));
    const body = req.body as Record<string, any> | undefined;
    if (req.path === '/') {
      if (
        typeof body?.interaction_type !== 'string' ||
        typeof body.parameters !== 'object' ||
        !body.protocol_version
      )
        return sendJson(
          res,
          400,
          errorBody(400, 'interaction_type, parameters and protocol_version are required'),
        );
      const fault = faultIn(String(body.parameters.query ?? ''));
      if (fault) return answerFault(res, fault, errorBody);
      if (body.parameters.list === true) return sendJson(res, 200, { items: [{ id: 1 }, { id: 2 }] });
      return sendJson(res, 200, { response: `echo: ${body.parameters.query} (${body.interaction_type})` });
    }
    if (req.path === '/template') {
      const question = body?.input?.question;
      if (typeof question !== 'string')
        return sendJson(res, 400, errorBody(400, 'input.question is required'));
      const fault = faultIn(question);
      if (fault) return answerFault(res, fault, errorBody);
      return sendJson(res, 200, { data: { answer: `echo: ${question} [${body?.session}]` } });
    }
    return sendJson(res, 404, errorBody(404, 'no such route'));
  });
}
