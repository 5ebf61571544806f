import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterRedis } from '../cluster/cluster-redis';
import { RedisThrottlerStorage } from '../cluster/redis-throttler.storage';
import { authConfig } from '../config';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { Authenticator } from './authenticator';
import { ApiTokenEntity } from './entities/api-token.entity';
import { UserEntity } from './entities/user.entity';
import { AuthGuard } from './guards/auth.guard';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, ApiTokenEntity]),
    JwtModule.registerAsync({
      inject: [authConfig.KEY],
      useFactory: (c: ConfigType<typeof authConfig>) => ({
        secret: c.jwtSecret,
        signOptions: { expiresIn: c.jwtExpiresInSeconds, algorithm: 'HS256' },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [authConfig.KEY, ClusterRedis],
      useFactory: (c: ConfigType<typeof authConfig>, redis: ClusterRedis) => ({
        throttlers: [
          // The 'default' throttler sends a plain Retry-After header; it only guards routes that opt in (login).
          { name: 'default', ttl: c.loginRateWindowMs, limit: c.loginRateLimit },
        ],
        // With REDIS_URL the attempts of a client are counted across all replicas.
        ...(redis.enabled ? { storage: new RedisThrottlerStorage(redis) } : {}),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, ApiTokensService, Authenticator, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [Authenticator],
})
export class AuthModule {}
