import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import type { ApiToken, ApiTokenCreate, ApiTokenCreated } from '@switchboard/api-contract';
import type { Subscription } from 'rxjs';
import { Repository } from 'typeorm';
import { ClusterBus } from '../cluster/cluster-bus';
import { authConfig } from '../config';
import { AuthErrorCode, AuthException } from './auth.exception';
import type { Principal } from './decorators/current-user.decorator';
import { ApiTokenEntity } from './entities/api-token.entity';
import { UserEntity } from './entities/user.entity';
import { RevalidatingCache } from './utils/revalidating-cache';

export const API_TOKEN_PREFIX = 'sbt_';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const toApiToken = (t: ApiTokenEntity): ApiToken => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null,
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
});

interface VerifiedToken {
  principal: Principal;
  expiresAt: number | null;
}

/** A revocation, told to the other replicas (the token's id, never its hash). */
interface TokenRevoked {
  tokenId: string;
}
const REVOKED_TOPIC = 'auth.token-revoked';

/** Long-lived bearer tokens for scripts and CI: shown once, stored as a SHA-256 hash, role ≤ owner's. */
@Injectable()
export class ApiTokensService implements OnModuleInit, OnModuleDestroy {
  /** Verified tokens by hash: stale-while-revalidate, so calls go on while the database is away. */
  private readonly verified: RevalidatingCache<VerifiedToken>;
  private subscription?: Subscription;

  constructor(
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    private readonly bus: ClusterBus,
  ) {
    this.verified = new RevalidatingCache({
      ...config.principalCache,
      load: (hash) => this.verify(hash),
      isVerdict: (error) => error instanceof AuthException,
    });
  }

  onModuleInit(): void {
    this.subscription = this.bus
      .on<TokenRevoked>(REVOKED_TOPIC)
      .subscribe(({ tokenId }) => this.forget(tokenId));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  async create(owner: Principal, input: ApiTokenCreate): Promise<ApiTokenCreated> {
    const role = input.role ?? owner.role;
    if (owner.role !== 'admin' && role === 'admin') {
      throw new AuthException(AuthErrorCode.RoleNotAllowed, 'A viewer cannot create an admin token', {
        role,
      });
    }
    const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const saved = await this.tokens.save(
      this.tokens.create({
        userId: owner.userId,
        name: input.name,
        role,
        tokenHash: sha256(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
      }),
    );
    return { ...toApiToken(saved), token };
  }

  async list(owner: Principal): Promise<ApiToken[]> {
    const rows = await this.tokens.find({ where: { userId: owner.userId }, order: { createdAt: 'DESC' } });
    return rows.map(toApiToken);
  }

  async revoke(owner: Principal, id: string): Promise<void> {
    const row = await this.tokens.findOne({ where: { id, userId: owner.userId } });
    if (!row) throw new AuthException(AuthErrorCode.ApiTokenNotFound, `No API token with id ${id}`, { id });
    await this.tokens.delete({ id });
    this.verified.delete(row.tokenHash);
    this.bus.publish(REVOKED_TOPIC, { tokenId: id } satisfies TokenRevoked);
  }

  /** Tokens were revoked or changed elsewhere (another replica, SQL): each is verified again at its next use. */
  forgetVerified(): void {
    this.verified.clear();
  }

  /**
   * The principal a presented token acts as, or an auth error saying why not. From memory, re-verified in the
   * background (see authConfig's principalCache); revoking drops it at once here and on every replica that
   * shares Redis, and a deletion made elsewhere applies at the next re-verification.
   */
  async authenticate(token: string): Promise<Principal> {
    const found = this.verified.get(sha256(token));
    const { principal, expiresAt } = found instanceof Promise ? await found : found;
    if (expiresAt !== null && expiresAt <= Date.now())
      throw new AuthException(AuthErrorCode.TokenExpired, 'API token has expired');
    return principal;
  }

  private forget(tokenId: string): void {
    this.verified.deleteWhere((v) => v.principal.tokenId === tokenId);
  }

  private async verify(hash: string): Promise<VerifiedToken> {
    const row = await this.tokens.findOne({ where: { tokenHash: hash } });
    if (!row) throw new AuthException(AuthErrorCode.TokenInvalid, 'API token is not valid or was revoked');
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) {
      throw new AuthException(AuthErrorCode.TokenExpired, 'API token has expired');
    }
    const owner = await this.users.findOne({ where: { id: row.userId } });
    if (!owner) throw new AuthException(AuthErrorCode.TokenInvalid, 'API token owner no longer exists');
    // A viewer's token never outranks its owner, even if the owner was demoted after minting it.
    const role = owner.role === 'admin' ? row.role : 'viewer';
    // Best effort, once per verification, off the request path; a failure must not surface anywhere.
    this.tokens.update({ id: row.id }, { lastUsedAt: new Date() }).catch(() => undefined);
    const principal: Principal = {
      userId: owner.id,
      email: owner.email,
      role,
      via: 'api-token',
      tokenId: row.id,
    };
    return { principal, expiresAt: row.expiresAt?.getTime() ?? null };
  }
}
