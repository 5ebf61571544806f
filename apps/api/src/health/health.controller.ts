import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthSchema, ReadySchema } from '@switchboard/api-contract';
import type { FastifyReply } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { DataSource } from 'typeorm';
import { Public } from '../auth/decorators/public.decorator';

class HealthDto extends createZodDto(HealthSchema) {}
class ReadyDto extends createZodDto(ReadySchema) {}

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(private readonly db: DataSource) {}

  @Get('health')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness', description: 'The process is up and serving HTTP.' })
  @ZodResponse({ type: HealthDto })
  health() {
    return { status: 'ok' as const };
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness', description: '200 when the database answers, 503 otherwise.' })
  @ZodResponse({ type: ReadyDto })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    try {
      await this.db.query('SELECT 1');
      return { status: 'ok' as const, database: 'up' as const };
    } catch {
      reply.status(503);
      return { status: 'unavailable' as const, database: 'down' as const };
    }
  }
}
