import { z } from 'zod';
import { requestBody } from '../common/request-body';

export const ROLES = ['admin', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES).meta({ description: 'admin writes; viewer only reads' });
export type UserRole = z.infer<typeof RoleSchema>;

export const LoginRequestSchema = z.strictObject({
  email: z.email().max(320).meta({ example: 'admin@example.com' }),
  password: z.string().min(1).max(1024).meta({ example: 'changeme' }),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;
export const LoginRequestBodySchema = requestBody(LoginRequestSchema);

export const UserSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  role: RoleSchema,
  createdAt: z.iso.datetime(),
});
export type User = z.infer<typeof UserSchema>;

export const LoginResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().meta({ description: 'Seconds until the token expires.' }),
  user: UserSchema,
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const ApiTokenCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).meta({ example: 'ci-pipeline' }),
  role: RoleSchema.optional().meta({ description: 'Defaults to your own role; never above it.' }),
  expiresInDays: z.number().int().min(1).max(3650).optional().meta({ description: 'Omit for no expiry.' }),
});
export type ApiTokenCreate = z.infer<typeof ApiTokenCreateSchema>;
export const ApiTokenCreateBodySchema = requestBody(ApiTokenCreateSchema);

export const ApiTokenSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: RoleSchema,
  prefix: z.string().meta({ description: 'First characters of the token, to recognise it.' }),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const ApiTokenCreatedSchema = ApiTokenSchema.extend({
  token: z.string().meta({ description: 'The secret token. Shown only in this response.' }),
});
export type ApiTokenCreated = z.infer<typeof ApiTokenCreatedSchema>;
