import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { UserRole } from '@switchboard/api-contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Authenticator } from '../auth/authenticator';
import type { Principal } from '../auth/decorators/current-user.decorator';
import { A2AJsonRpcDoor } from './a2a-proxy/a2a-json-rpc.door';
import { RestInvokeDoor } from './rest-invoke.door';

/** Who may call agents. */
const CALLERS: readonly UserRole[] = ['admin', 'viewer'];

type Handler = (
  param: string,
  body: unknown,
  user: Principal,
  request: FastifyRequest,
  reply: FastifyReply,
) => unknown;

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
    private readonly a2a: A2AJsonRpcDoor,
    private readonly rest: RestInvokeDoor,
  ) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    this.post(fastify, '/a2a/:slug/jsonrpc', 'slug', (...args) => this.a2a.handle(...args));
    this.post(fastify, '/a2a/:name/invoke', 'name', (...args) => this.rest.invoke(...args));
    this.post(fastify, '/a2a/:name/stream', 'name', (...args) => this.rest.stream(...args));
  }

  private post(fastify: FastifyInstance, url: string, param: string, handle: Handler): void {
    fastify.post(url, async (request, reply) => {
      const user = await this.authenticator.authenticate(request.headers.authorization);
      this.authenticator.authorize(user, 'POST', CALLERS);
      await handle((request.params as Record<string, string>)[param], request.body, user, request, reply);
      return reply;
    });
  }
}
