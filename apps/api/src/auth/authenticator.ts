import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import type { UserRole } from '@switchboard/api-contract';
import { LRUCache } from 'lru-cache';
import { authConfig } from '../config';
import { API_TOKEN_PREFIX, ApiTokensService } from './api-tokens.service';
import { AuthErrorCode, AuthException } from './auth.exception';
import { AuthService, type JwtPayload } from './auth.service';
import type { Principal } from './decorators/current-user.decorator';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Who is calling, from the `Authorization` header: a JWT from /auth/login or an API token (`sbt_…`), and
 * what its role allows. One place for every door — the Nest guard and the data-plane routes alike.
 */
@Injectable()
export class Authenticator {
  /**
   * A JWT whose signature was verified, by its user id, until it expires: the signature is not checked again.
   * Whether its user still exists is AuthService's (from memory, re-verified in the background).
   */
  private readonly verifiedJwts: LRUCache<string, string>;
  /**
   * A KeyObject, not the string: jsonwebtoken otherwise re-parses the secret (trying it as a public key first)
   * on every verification, which cost more than the rest of a gateway call.
   */
  private readonly key: KeyObject;

  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    private readonly jwt: JwtService,
    private readonly auth: AuthService,
    private readonly apiTokens: ApiTokensService,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
    this.verifiedJwts = new LRUCache({ max: 10_000, ttl: config.jwtExpiresInSeconds * 1000 });
  }

  /** The principal behind an `Authorization: Bearer …` header; 401 (AuthException) when there is none. */
  async authenticate(header: string | undefined): Promise<Principal> {
    if (!header) {
      throw new AuthException(
        AuthErrorCode.TokenMissing,
        'Authorization header with a Bearer token is required',
      );
    }
    const match = BEARER.exec(header);
    if (!match)
      throw new AuthException(AuthErrorCode.TokenInvalid, 'Authorization header must be "Bearer <token>"');
    const token = match[1];
    if (token.startsWith(API_TOKEN_PREFIX)) return this.apiTokens.authenticate(token);
    const userId = this.verifiedJwts.get(token);
    return userId === undefined ? this.verifyJwt(token) : this.auth.principalFromJwt(userId);
  }

  /**
   * Users or tokens changed where this replica could not see it (another replica's write while Redis was
   * away, a change made in SQL): forget every verified credential, so each is checked against the database
   * again at its next use.
   */
  forgetVerified(): void {
    this.verifiedJwts.clear();
    this.auth.forgetPrincipals();
    this.apiTokens.forgetVerified();
  }

  /** The role rule: `roles` when the route names them, else reads for any role and writes for admins. */
  authorize(principal: Principal, method: string, roles?: readonly UserRole[]): void {
    const allowed = roles ?? (READ_METHODS.has(method) ? ['admin', 'viewer'] : ['admin']);
    if (!allowed.includes(principal.role)) {
      throw new AuthException(
        AuthErrorCode.Forbidden,
        `The ${principal.role} role cannot do this; it needs ${allowed.join(' or ')}`,
        { role: principal.role },
      );
    }
  }

  private async verifyJwt(token: string): Promise<Principal> {
    let payload: JwtPayload & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync(token, {
        secret: this.key as unknown as string,
        algorithms: ['HS256'],
      });
    } catch (error) {
      if ((error as { name?: string }).name === 'TokenExpiredError')
        throw new AuthException(AuthErrorCode.TokenExpired, 'Token has expired; sign in again');
      throw new AuthException(AuthErrorCode.TokenInvalid, 'Token is not valid (bad signature or malformed)');
    }
    const principal = await this.auth.principalFromJwt(payload.sub);
    const ttl = payload.exp ? payload.exp * 1000 - Date.now() : undefined;
    if (ttl === undefined || ttl > 0) this.verifiedJwts.set(token, payload.sub, ttl ? { ttl } : undefined);
    return principal;
  }
}
