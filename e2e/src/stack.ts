/** Ports of the stack under test; they differ from `npm start` so both can run at once. */
export const API_PORT = Number(process.env.E2E_API_PORT ?? 4480);
export const AGENT_PORT = Number(process.env.E2E_AGENT_PORT ?? 9988);
export const AGENT_URL = `http://127.0.0.1:${AGENT_PORT}/`;
