/** A JSON-RPC 2.0 error envelope (the A2A proxy and the MCP endpoints answer protocol faults with it). */
export type JsonRpcErrorEnvelope = { jsonrpc: '2.0'; id: unknown; error: { code: number; message: string } };

export const jsonRpcError = (id: unknown, code: number, message: string): JsonRpcErrorEnvelope => ({
  jsonrpc: '2.0',
  id: id ?? null,
  error: { code, message },
});
