import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '@switchboard/api-contract';

export const ROLES = 'switchboard:roles';
/**
 * Who may call a route. Without it: reads (GET/HEAD) are open to every signed-in role, writes to admins.
 */
export const Roles = (...roles: UserRole[]) => SetMetadata(ROLES, roles);
