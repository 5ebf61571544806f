import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { UserRole } from '@switchboard/api-contract';

/** Who is calling: a signed-in user (JWT) or an API token acting for its owner with the token's role. */
export interface Principal {
  userId: string;
  email: string;
  role: UserRole;
  via: 'jwt' | 'api-token';
  tokenId?: string;
}

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest<{ user: Principal }>().user,
);
