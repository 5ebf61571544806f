import { slugify } from '@switchboard/a2a-protocol';
import type { ServerClientConfig, ServerRead } from '@switchboard/api-contract';

const TOKEN = '<YOUR_API_TOKEN>';

/**
 * Settings to paste into MCP clients. Claude Desktop speaks stdio, so `mcp-remote` bridges it to
 * Streamable HTTP; the header goes through an env var because some shells split `Bearer <token>`.
 */
export function clientConfigOf(server: ServerRead): ServerClientConfig {
  const key = slugify(server.name) || 'switchboard';
  const url = server.mcpUrl;
  return {
    url,
    claudeDesktop: {
      mcpServers: {
        [key]: {
          command: 'npx',
          args: ['-y', 'mcp-remote', url, '--header', 'Authorization:${AUTH_HEADER}'],
          env: { AUTH_HEADER: `Bearer ${TOKEN}` },
        },
      },
    },
    cursor: { mcpServers: { [key]: { url, headers: { Authorization: `Bearer ${TOKEN}` } } } },
    inspector:
      `npx @modelcontextprotocol/inspector --cli ${url} --transport http ` +
      `--header "Authorization: Bearer ${TOKEN}" --method tools/list`,
  };
}
