import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import type { UserRole } from '@switchboard/api-contract';
import type { FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { API_TOKEN_PREFIX, ApiTokensService } from '../api-tokens.service';
import { AuthErrorCode, AuthException } from '../auth.exception';
import { PRINCIPAL_TTL_MS } from '../auth.service';
import type { Principal } from '../decorators/current-user.decorator';
import { IS_PUBLIC } from '../decorators/public.decorator';
import { ROLES } from '../decorators/roles.decorator';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The global guard. Every route needs a bearer credential — a JWT from /auth/login (verified by
 * passport-jwt) or an API token — unless marked @Public(). Then the role rule: reads for any role,
 * writes for admins, unless the route says otherwise with @Roles().
 */
@Injectable()
export class AuthGuard extends PassportAuthGuard('jwt') {
  private readonly verifiedJwts = new LRUCache<string, Principal>({ max: 10_000, ttl: PRINCIPAL_TTL_MS });

  constructor(
    private readonly reflector: Reflector,
    private readonly apiTokens: ApiTokensService,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
    const header = request.headers.authorization;
    if (!header) {
      throw new AuthException(
        AuthErrorCode.TokenMissing,
        'Authorization header with a Bearer token is required',
      );
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new AuthException(AuthErrorCode.TokenInvalid, 'Authorization header must be "Bearer <token>"');

    const token = match[1];
    if (token.startsWith(API_TOKEN_PREFIX)) {
      request.user = await this.apiTokens.authenticate(token);
    } else {
      const known = this.verifiedJwts.get(token);
      if (known) request.user = known;
      else {
        await super.canActivate(context);
        this.remember(token, request.user as Principal);
      }
    }
    this.checkRole(
      request.user as Principal,
      request.method,
      this.reflector.getAllAndOverride<UserRole[]>(ROLES, targets),
    );
    return true;
  }

  /** A verified JWT is trusted again until it expires, for at most PRINCIPAL_TTL_MS, without re-verifying. */
  private remember(token: string, principal: Principal): void {
    const exp = (
      JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp?: number }
    ).exp;
    const ttl = Math.min(PRINCIPAL_TTL_MS, exp ? exp * 1000 - Date.now() : PRINCIPAL_TTL_MS);
    if (ttl > 0) this.verifiedJwts.set(token, principal, { ttl });
  }

  /** passport-jwt's verdict, turned into an error that says what is wrong with the token. */
  override handleRequest<T>(err: unknown, user: T, info: unknown): T {
    if (err) throw err;
    if (user) return user;
    const name = (info as { name?: string } | undefined)?.name;
    if (name === 'TokenExpiredError')
      throw new AuthException(AuthErrorCode.TokenExpired, 'Token has expired; sign in again');
    throw new AuthException(AuthErrorCode.TokenInvalid, 'Token is not valid (bad signature or malformed)');
  }

  private checkRole(user: Principal, method: string, roles: UserRole[] | undefined): void {
    const allowed = roles ?? (READ_METHODS.has(method) ? ['admin', 'viewer'] : ['admin']);
    if (!allowed.includes(user.role)) {
      throw new AuthException(
        AuthErrorCode.Forbidden,
        `The ${user.role} role cannot do this; it needs ${allowed.join(' or ')}`,
        {
          role: user.role,
        },
      );
    }
  }
}
