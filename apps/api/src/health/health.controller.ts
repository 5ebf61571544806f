import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthSchema, ReadySchema } from '@switchboard/api-contract';
import type { FastifyReply } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/public.decorator';
import { ClusterRedis } from '../cluster/cluster-redis';
import { Lifecycle } from './lifecycle';

class HealthDto extends createZodDto(HealthSchema) {}
class ReadyDto extends createZodDto(ReadySchema) {}

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly redis: ClusterRedis,
    private readonly lifecycle: Lifecycle,
  ) {}

  @Get('health')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness', description: 'The process is up and serving HTTP.' })
  @ZodResponse({ type: HealthDto })
  health() {
    return { status: 'ok' as const };
  }

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness',
    description:
      '200 when the database answers, 503 otherwise — and 503 with `shuttingDown: true` from the moment the ' +
      'process is asked to stop (SIGTERM), so load balancers stop sending it calls first. Also says whether Redis (REDIS_URL) is reachable; a ' +
      'replica without Redis stays ready, with rate limits and health kept per replica until it returns.',
  })
  @ZodResponse({ type: ReadyDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const redis = !this.redis.enabled
      ? ('off' as const)
      : this.redis.available
        ? ('up' as const)
        : ('down' as const);
    if (this.lifecycle.shuttingDown) {
      reply.status(503);
      return { status: 'unavailable' as const, database: 'up' as const, redis, shuttingDown: true as const };
    }
    try {
      await this.db.query('SELECT 1');
      return { status: 'ok' as const, database: 'up' as const, redis };
    } catch {
      reply.status(503);
      return { status: 'unavailable' as const, database: 'down' as const, redis };
    }
  }
}
