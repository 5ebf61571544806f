import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ApiErrorSchema } from '@switchboard/api-contract';
import { createZodDto } from 'nestjs-zod';

export class ApiErrorDto extends createZodDto(ApiErrorSchema) {}

export const API_ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: the message names the field and the rule',
  401: 'Missing, expired or invalid credentials',
  403: 'Your role may not do this',
  404: 'No such resource',
  409: 'Conflicts with an existing resource',
  413: 'Body too large',
  422: 'Valid input that the gateway cannot accept now (e.g. a limit)',
  429: 'Too many requests; see Retry-After',
  503: 'A dependency is unavailable (DATABASE_UNAVAILABLE, REDIS_UNAVAILABLE); see Retry-After',
};

/** Document the error responses a route can give, all in the one `ApiError` shape. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: API_ERROR_DESCRIPTIONS[status], type: ApiErrorDto }),
    ),
  );
