import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { A2AError, A2AErrorCode } from '@switchboard/a2a-protocol';
import { OutboundHttp } from '@switchboard/a2a-protocol/gateway';
import type { AgentWarning } from '@switchboard/api-contract';
import { a2aConfig } from '../../config';

/** Errors that mean no HTTP answer came back; anything else (401, 404, 500, …) is an answer. */
const UNREACHABLE = new Set<A2AErrorCode>([
  A2AErrorCode.ConnectionError,
  A2AErrorCode.Timeout,
  A2AErrorCode.OutboundUrlNotAllowed,
]);

/**
 * Whether an agent's endpoint answers at all: one GET through the gateway's outbound HTTP (its SSRF policy,
 * as the health probe of an agent without a health check of its own), bounded by A2A_ENDPOINT_CHECK_TIMEOUT_MS
 * (2 s; 0: no check). It warns, never refuses: a registration is valid before its agent is up. Anonymous:
 * any HTTP answer proves the endpoint reachable, so no credential needs to go out for it.
 */
@Injectable()
export class EndpointCheck {
  private readonly logger = new Logger(EndpointCheck.name);

  constructor(
    private readonly http: OutboundHttp,
    @Inject(a2aConfig.KEY) private readonly config: ConfigType<typeof a2aConfig>,
  ) {}

  async warnings(endpointUrl: string): Promise<AgentWarning[]> {
    const timeoutMs = this.config.endpointCheckTimeoutMs;
    if (timeoutMs === 0) return [];
    try {
      const response = await this.http.fetchAnonymous(endpointUrl, {
        method: 'GET',
        signal: AbortSignal.timeout(timeoutMs),
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
        error.code === A2AErrorCode.Timeout ? `no answer within ${timeoutMs / 1000} s` : error.message;
      return [
        {
          code: 'ENDPOINT_UNREACHABLE',
          message: `endpointUrl ${endpointUrl} did not answer (${why}); the agent is saved, calls will fail until it does`,
        },
      ];
    }
  }
}
