import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '@switchboard/api-contract';
import type { FastifyRequest } from 'fastify';
import { Authenticator } from '../authenticator';
import type { Principal } from '../decorators/current-user.decorator';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { ROLES } from '../decorators/roles.decorator';

/**
 * The global guard. Every route needs a bearer credential — a JWT from /auth/login or an API token —
 * unless marked @Public(). Then the role rule: reads for any role, writes for admins, unless the route
 * says otherwise with @Roles().
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    this.authenticator.authorize(
      principal,
      request.method,
      this.reflector.getAllAndOverride<UserRole[]>(ROLES, targets),
    );
    request.user = principal;
    return true;
  }
}
