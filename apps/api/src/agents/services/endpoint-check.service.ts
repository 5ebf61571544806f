import { Injectable, Logger } from '@nestjs/common';
import { A2AError, A2AErrorCode } from '@switchboard/a2a-protocol';
import { OutboundHttp } from '@switchboard/a2a-protocol/gateway';
import type { AgentWarning } from '@switchboard/api-contract';

/** How long a registration waits for its endpoint to answer before it warns (and answers anyway). */
export const ENDPOINT_CHECK_TIMEOUT_MS = 2_000;

/** Errors that mean no HTTP answer came back; anything else (401, 404, 500, …) is an answer. */
const UNREACHABLE = new Set<A2AErrorCode>([
  A2AErrorCode.ConnectionError,
  A2AErrorCode.Timeout,
  A2AErrorCode.OutboundUrlNotAllowed,
]);

/**
 * Whether an agent's endpoint answers at all: one GET through the gateway's outbound HTTP (its SSRF policy,
 * as the health probe of an agent without a health check of its own), bounded to about 2 s. It warns, never
 * refuses: a registration is valid before its agent is up.
 */
@Injectable()
export class EndpointCheck {
  private readonly logger = new Logger(EndpointCheck.name);

  constructor(private readonly http: OutboundHttp) {}

  async warnings(endpointUrl: string): Promise<AgentWarning[]> {
    try {
      const response = await this.http.fetchAnonymous(endpointUrl, {
        method: 'GET',
        signal: AbortSignal.timeout(ENDPOINT_CHECK_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return [];
    } catch (error) {
      if (!A2AError.is(error)) {
        // Not a verdict on the endpoint: say nothing rather than something untrue.
        // The host only: a URL may carry credentials (user:password@), and logs hold no secrets.
        this.logger.warn(
          `Endpoint check of ${new URL(endpointUrl).host} failed: ${(error as Error)?.message}`,
        );
        return [];
      }
      if (!UNREACHABLE.has(error.code)) return [];
      const why =
        error.code === A2AErrorCode.Timeout
          ? `no answer within ${ENDPOINT_CHECK_TIMEOUT_MS / 1000} s`
          : error.message;
      return [
        {
          code: 'ENDPOINT_UNREACHABLE',
          message: `endpointUrl ${endpointUrl} did not answer (${why}); the agent is saved, calls will fail until it does`,
        },
      ];
    }
  }
}
