import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'switchboard:isPublic';
/** Opt a route out of the global auth guard (login, health, docs only). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
