import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import { AGENT_CARD_PATHS } from '../../versions/protocol-versions';
import { CardFormatError, detectCardVersion, type DetectedCard } from '../../versions/card-version';

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface DiscoveredCard extends DetectedCard {
  /** Where the card was found. */
  cardUrl: string;
  /** The agent's base URL: where the card sits under /.well-known/, else the card URL itself. */
  baseUrl: string;
  /** The card exactly as served. */
  raw: Record<string, unknown>;
}

/**
 * Find and read an agent's card: the URL itself when it names a `.json` file, else the well-known paths
 * under it — `agent-card.json` (v0.3, v1.0), then `agent.json` (v0.2). `fetch` decides the rest (the
 * gateway passes its SSRF-checked outbound fetch).
 */
export async function discoverAgentCard(
  fetch: Fetch,
  url: string,
  who: string,
  signal?: AbortSignal,
): Promise<DiscoveredCard> {
  const base = url.endsWith('/') ? url : `${url}/`;
  const candidates = new URL(url).pathname.endsWith('.json')
    ? [{ cardUrl: url, baseUrl: url }]
    : AGENT_CARD_PATHS.map((path) => ({ cardUrl: new URL(path.slice(1), base).toString(), baseUrl: url }));
  for (const { cardUrl, baseUrl } of candidates) {
    const response = await fetch(cardUrl, {
      method: 'GET',
      headers: { accept: 'application/json', 'a2a-version': '1.0' },
      signal,
    });
    if (response.status === 404) {
      await response.body?.cancel();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new A2AError(
        A2AErrorCode.UpstreamError,
        `${who} answered HTTP ${response.status} for its Agent Card`,
        { status: response.status },
      );
    }
    let raw: Record<string, unknown>;
    try {
      raw = (await response.json()) as Record<string, unknown>;
    } catch (error) {
      if (A2AError.is(error)) throw error;
      throw new A2AError(
        A2AErrorCode.ProtocolError,
        `${who} served an Agent Card that is not JSON (${cardUrl})`,
      );
    }
    try {
      return { ...detectCardVersion(raw), cardUrl, baseUrl, raw };
    } catch (error) {
      const why = error instanceof CardFormatError ? error.message : String(error);
      throw new A2AError(
        A2AErrorCode.ProtocolError,
        `${who} served an Agent Card the gateway cannot read: ${why}`,
      );
    }
  }
  throw new A2AError(
    A2AErrorCode.ProtocolError,
    `${who} serves no Agent Card (404 at ${candidates.map((c) => c.cardUrl).join(', ')})`,
  );
}
