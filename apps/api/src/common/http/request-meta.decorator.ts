import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CLIENT_HEADER, WEB_CLIENT } from '@switchboard/api-contract';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/decorators/current-user.decorator';

/** Where a write came from, for the audit fields on catalog rows. */
export interface RequestMeta {
  actor: string | null;
  ip: string | null;
  userAgent: string | null;
  via: 'api' | 'ui' | 'demo' | 'import' | 'config';
}

export const CurrentRequestMeta = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestMeta => {
  const req = ctx.switchToHttp().getRequest<FastifyRequest & { user?: Principal }>();
  const userAgent = req.headers['user-agent'];
  return {
    actor: req.user?.email ?? null,
    ip: req.ip ?? null,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : null,
    via: req.headers[CLIENT_HEADER] === WEB_CLIENT ? 'ui' : 'api',
  };
});
