import {
  ApiTokenCreatedSchema,
  ApiTokenCreateBodySchema,
  ApiTokenSchema,
  LoginRequestBodySchema,
  LoginResponseSchema,
  UserSchema,
} from '@switchboard/api-contract';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

// Nest needs classes for validation and OpenAPI; each is a thin wrapper over the one schema in the lib.
export class LoginRequestDto extends createZodDto(LoginRequestBodySchema) {}
export class LoginResponseDto extends createZodDto(LoginResponseSchema) {}
export class UserDto extends createZodDto(UserSchema) {}
export class ApiTokenCreateDto extends createZodDto(ApiTokenCreateBodySchema) {}
export class ApiTokenDto extends createZodDto(ApiTokenSchema) {}
export class ApiTokenListDto extends createZodDto(z.array(ApiTokenSchema)) {}
export class ApiTokenCreatedDto extends createZodDto(ApiTokenCreatedSchema) {}
