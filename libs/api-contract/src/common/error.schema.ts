import { z } from 'zod';

/** One rule an input broke; `path` is dotted (`auth.token`, `tags.0`), empty for the body itself. */
export const ValidationIssueSchema = z.object({ path: z.string(), message: z.string(), code: z.string() });
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

/**
 * `issues` on 400 VALIDATION_FAILED; `field` when a domain error is about one input field (409 name taken,
 * 400 private endpoint); other keys are specific to the error code.
 */
export const ApiErrorDetailsSchema = z
  .object({ issues: z.array(ValidationIssueSchema).optional(), field: z.string().optional() })
  .catchall(z.unknown());

/** The one error body every REST route renders. */
export const ApiErrorSchema = z.object({
  code: z.string().meta({ example: 'VALIDATION_FAILED' }),
  message: z.string().meta({ example: 'endpointUrl: must be an http(s) URL' }),
  details: ApiErrorDetailsSchema.optional(),
  requestId: z.string().meta({ example: 'b7d0c5f6-3f7e-4a43-9a3c-2f1f3b7f0d11' }),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

export const HealthSchema = z.object({ status: z.literal('ok') });
export const ReadySchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  database: z.enum(['up', 'down']),
  /**
   * `off` without REDIS_URL. Redis being `down` does not make a replica unready: it falls back to its own
   * rate-limit and health state until Redis returns.
   */
  redis: z.enum(['up', 'down', 'off']),
  /** Present (true) once a shutdown began: the process finishes what it serves and takes nothing new. */
  shuttingDown: z.literal(true).optional(),
});

/** Sent by the admin SPA so catalog audit fields record `via: "ui"` instead of `"api"`. */
export const CLIENT_HEADER = 'x-switchboard-client';
export const WEB_CLIENT = 'web';
