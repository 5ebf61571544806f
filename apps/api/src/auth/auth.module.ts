import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClusterRedis } from '../cluster/cluster-redis';
import { RedisThrottlerStorage } from '../cluster/redis-throttler.storage';
import { authConfig } from '../config';
import { ApiTokensService } from './api-tokens.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { ApiTokenEntity } from './entities/api-token.entity';
import { UserEntity } from './entities/user.entity';
import { AuthGuard } from './guards/auth.guard';
import { JwtStrategy } from './strategies/jwt.strategy';

@Module({
  imports: [
    TypeOrmModule.forFeature([UserEntity, ApiTokenEntity]),
    PassportModule,
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
  providers: [AuthService, ApiTokensService, JwtStrategy, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
