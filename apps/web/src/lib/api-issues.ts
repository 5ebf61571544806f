import { ApiErrorDetailsSchema } from '@switchboard/api-contract';
import { ApiError } from './http';

/** One field-level problem reported by the API. */
export interface ApiIssue {
  path: string;
  message: string;
}

/** Drops a leading "field:" / "field " the API puts in front of a domain error message. */
function withoutFieldPrefix(message: string, field: string): string {
  if (!message.startsWith(field)) return message;
  const rest = message.slice(field.length).replace(/^:?\s+/, '');
  return rest || message;
}

/**
 * The field-level problems of an API error (shape: ApiErrorDetailsSchema):
 * - 400 VALIDATION_FAILED: `details.issues[]` of `{ path, message }`;
 * - domain errors (e.g. 409 AGENT_NAME_TAKEN, 400 OUTBOUND_URL_NOT_ALLOWED): `details.field`, with the
 *   field named at the start of `message`.
 */
export function apiIssuesOf(error: unknown): ApiIssue[] {
  if (!(error instanceof ApiError)) return [];
  const details = ApiErrorDetailsSchema.safeParse(error.details);
  if (!details.success) return [];
  const { issues, field } = details.data;
  if (issues) return issues.map(({ path, message }) => ({ path, message }));
  if (field) return [{ path: field, message: withoutFieldPrefix(error.message, field) }];
  return [];
}
