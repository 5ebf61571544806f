import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { LoginRequest, LoginResponse, User } from '@switchboard/api-contract';
import { Repository } from 'typeorm';
import { uniqueViolation } from '../common/db/unique-violation';
import { authConfig } from '../config';
import { AuthErrorCode, AuthException } from './auth.exception';
import type { Principal } from './decorators/current-user.decorator';
import { UserEntity } from './entities/user.entity';
import { hashPassword, verifyPassword } from './utils/password.util';
import { RevalidatingCache } from './utils/revalidating-cache';

export interface JwtPayload {
  sub: string;
  email: string;
  role: User['role'];
}

const toUser = (u: UserEntity): User => ({
  id: u.id,
  email: u.email,
  role: u.role,
  createdAt: u.createdAt.toISOString(),
});

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  /** Principals by user id, for JWTs: stale-while-revalidate, so calls go on while the database is away. */
  private readonly principals: RevalidatingCache<Principal>;
  /** Compared against when the email is unknown, so a miss costs as long as a wrong password. */
  private decoyHash?: Promise<string>;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
  ) {
    this.principals = new RevalidatingCache({
      ...config.principalCache,
      load: (userId) => this.loadPrincipal(userId),
      isVerdict: (error) => error instanceof AuthException,
    });
  }

  /** First start: create the admin from ADMIN_EMAIL / ADMIN_PASSWORD. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    try {
      await this.users.insert({
        email: this.config.adminEmail,
        passwordHash: await hashPassword(this.config.adminPassword),
        role: 'admin',
      });
    } catch (error) {
      // Another replica starting at the same moment created it first.
      if (uniqueViolation(error)) return;
      throw error;
    }
    this.logger.log(`Created the first admin user ${this.config.adminEmail}`);
  }

  async login({ email, password }: LoginRequest): Promise<LoginResponse> {
    const user = await this.users.findOne({ where: { email: email.toLowerCase() } });
    this.decoyHash ??= hashPassword('decoy-password');
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !ok) throw new AuthException(AuthErrorCode.InvalidCredentials, 'Email or password is wrong');
    const payload: JwtPayload = { sub: user.id, email: user.email, role: user.role };
    return {
      accessToken: await this.jwt.signAsync(payload),
      tokenType: 'Bearer',
      expiresIn: this.config.jwtExpiresInSeconds,
      user: toUser(user),
    };
  }

  async me(principal: Principal): Promise<User> {
    const user = await this.users.findOne({ where: { id: principal.userId } });
    if (!user) throw new AuthException(AuthErrorCode.TokenInvalid, 'The signed-in user no longer exists');
    return { ...toUser(user), role: principal.role };
  }

  /** The users were changed elsewhere (another replica, SQL): each principal is read again at its next use. */
  forgetPrincipals(): void {
    this.principals.clear();
  }

  /**
   * The principal behind a verified JWT (its `sub`); the user must still exist, and its role is the one it has
   * now. From memory, re-verified in the background (see authConfig's principalCache): deleting or demoting a
   * user applies within AUTH_CACHE_FRESH_MS, and calls go on while the database is away.
   */
  principalFromJwt(userId: string): Principal | Promise<Principal> {
    return this.principals.get(userId);
  }

  private async loadPrincipal(userId: string): Promise<Principal> {
    const user = await this.users.findOne({ where: { id: userId } });
    if (!user) throw new AuthException(AuthErrorCode.TokenInvalid, 'The token’s user no longer exists');
    return { userId: user.id, email: user.email, role: user.role, via: 'jwt' };
  }
}
