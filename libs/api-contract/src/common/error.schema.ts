import { z } from 'zod';

/** The one error body every REST route renders. */
export const ApiErrorSchema = z.object({
  code: z.string().meta({ example: 'VALIDATION_FAILED' }),
  message: z.string().meta({ example: 'endpointUrl: must be an http(s) URL' }),
  details: z.unknown().optional(),
  requestId: z.string().meta({ example: 'b7d0c5f6-3f7e-4a43-9a3c-2f1f3b7f0d11' }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadySchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['up', 'down']),
});

/** Sent by the admin SPA so catalog audit fields record `via: "ui"` instead of `"api"`. */
export const CLIENT_HEADER = 'x-switchboard-client';
export const WEB_CLIENT = 'web';
