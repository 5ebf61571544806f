import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthSchema, ReadySchema } from '@switchboard/api-contract';
import type { FastifyReply } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/public.decorator';
import { ClusterRedis } from '../cluster/cluster-redis';
import { DependencyErrorCode } from '../common/errors/dependency.exception';
import { OutageLog } from '../common/errors/outage-log';
import { Lifecycle } from './lifecycle';

class HealthDto extends createZodDto(HealthSchema) {}
class ReadyDto extends createZodDto(ReadySchema) {}

/** Readiness answers within this even when the database hangs (probes time out at 1–5 s). */
export const READY_DB_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly redis: ClusterRedis,
    private readonly lifecycle: Lifecycle,
    private readonly outages: OutageLog,
  ) {}

  /** The check in flight: probes arriving while the database hangs share it instead of piling up queries. */
  private databaseCheck: Promise<boolean> | null = null;

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
      `200 when the database answers \`SELECT 1\` within ${READY_DB_TIMEOUT_MS / 1000} s, 503 otherwise (unreachable or hung) — ` +
      'and 503 with `shuttingDown: true` from the moment the process is asked to stop (SIGTERM), so load balancers stop sending it calls first. Also says whether Redis (REDIS_URL) answers; a ' +
      'replica without Redis (unreachable, or a command timed out) stays ready, with rate limits and health kept per replica until it returns.',
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
    if (await this.databaseAnswers()) return { status: 'ok' as const, database: 'up' as const, redis };
    reply.status(503);
    return { status: 'unavailable' as const, database: 'down' as const, redis };
  }

  /** Whether the database answers within READY_DB_TIMEOUT_MS; a check still in flight is waited on, not repeated. */
  private async databaseAnswers(): Promise<boolean> {
    this.databaseCheck ??= this.db
      .query('SELECT 1')
      .then(
        () => {
          this.outages.recovered(DependencyErrorCode.DatabaseUnavailable);
          return true;
        },
        (error: unknown) => {
          this.outages.failed(DependencyErrorCode.DatabaseUnavailable, error);
          return false;
        },
      )
      .finally(() => (this.databaseCheck = null));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => {
        this.outages.failed(
          DependencyErrorCode.DatabaseUnavailable,
          new Error(`SELECT 1 got no answer within ${READY_DB_TIMEOUT_MS} ms`),
        );
        resolve(false);
      }, READY_DB_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.databaseCheck, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
