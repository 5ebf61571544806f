import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { UserRole } from '@switchboard/api-contract';
import { methodFromV03 } from '@switchboard/a2a-protocol';
import { A2AGateway, type FrontDoor, type Operation } from '@switchboard/a2a-protocol/gateway';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthException } from '../auth/auth.exception';
import { Authenticator } from '../auth/authenticator';
import type { Principal } from '../auth/decorators/current-user.decorator';
import { A2AJsonRpcDoor } from './a2a-proxy/a2a-json-rpc.door';
import { RestInvokeDoor } from './rest-invoke.door';

/** Who may call agents. */
const CALLERS: readonly UserRole[] = ['admin', 'viewer'];

/** The call a JSON-RPC body asks for (either generation's method name); undefined: no call to an agent. */
function rpcOperation(body: unknown): Operation | undefined {
  const method = (body as { method?: unknown } | null)?.method;
  if (typeof method !== 'string') return undefined;
  switch (methodFromV03(method) ?? method) {
    case 'SendMessage':
      return 'send';
    case 'SendStreamingMessage':
      return 'stream';
    case 'GetTask':
      return 'getTask';
    case 'CancelTask':
      return 'cancelTask';
    case 'SubscribeToTask':
      return 'subscribe';
    default:
      return undefined;
  }
}

type Handler = (
  param: string,
  body: unknown,
  user: Principal,
  request: FastifyRequest,
  reply: FastifyReply,
) => unknown;

/** One data-plane route: its URL, the parameter naming the agent, its door and the call a body asks for. */
interface DataPlaneRoute {
  url: string;
  param: string;
  door: FrontDoor;
  /** The operation a body asks of the agent; undefined: none (nothing to count when the caller is refused). */
  operationOf: (body: unknown) => Operation | undefined;
  handle: Handler;
}

/**
 * The calls themselves — A2A JSON-RPC, REST invoke and stream — as plain Fastify routes inside the Nest app:
 * Nest's per-route machinery (router context, guard lookups through the reflector, a pipe per parameter, the
 * response controller) was ~9 % of a call's CPU in the benchmark's profile, for nothing these routes need.
 * Everything else stays Nest's: the doors are providers, auth is the same Authenticator the global guard uses,
 * errors thrown here reach the same global filter (Nest's Fastify error handler), and the Fastify hooks of
 * app.factory (request id, overhead header) apply as to every route. Documented in data-plane.openapi.ts.
 */
@Injectable()
export class DataPlaneRoutes implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly authenticator: Authenticator,
    private readonly gateway: A2AGateway,
    private readonly a2a: A2AJsonRpcDoor,
    private readonly rest: RestInvokeDoor,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    this.post(fastify, {
      url: '/a2a/:slug/jsonrpc',
      param: 'slug',
      door: 'a2a',
      operationOf: rpcOperation,
      handle: (...args) => this.a2a.handle(...args),
    });
    this.post(fastify, {
      url: '/a2a/:name/invoke',
      param: 'name',
      door: 'rest',
      operationOf: () => 'send',
      handle: (...args) => this.rest.invoke(...args),
    });
    this.post(fastify, {
      url: '/a2a/:name/stream',
      param: 'name',
      door: 'rest',
      operationOf: () => 'stream',
      handle: (...args) => this.rest.stream(...args),
    });
  }

  private post(fastify: FastifyInstance, route: DataPlaneRoute): void {
    const { param, door, operationOf, handle } = route;
    fastify.post(route.url, async (request, reply) => {
      const agent = (request.params as Record<string, string>)[param];
      let user: Principal;
      try {
        user = await this.authenticator.authenticate(request.headers.authorization);
        this.authenticator.authorize(user, 'POST', CALLERS);
      } catch (error) {
        this.refused(agent, door, operationOf(request.body), error);
        throw error;
      }
      await handle(agent, request.body, user, request, reply);
      return reply;
    });
  }

  /**
   * A caller turned away before the gateway, on a call to an agent the catalog knows, is counted like the
   * gateway's own refusals: `unauthorized` when its credentials or role were refused, `rejected` when they
   * could not be checked.
   */
  private refused(agent: string, door: FrontDoor, operation: Operation | undefined, error: unknown): void {
    if (!operation) return;
    this.gateway.refused(agent, operation, error instanceof AuthException ? 'unauthorized' : 'rejected', {
      frontDoor: door,
    });
  }
}
