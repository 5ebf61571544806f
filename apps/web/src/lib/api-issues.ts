import { ApiError } from './http';

/** One field-level problem reported by the API. */
export interface ApiIssue {
  path: string | (string | number)[];
  message: string;
}

function isPath(path: unknown): path is ApiIssue['path'] {
  return (
    typeof path === 'string' ||
    (Array.isArray(path) && path.every((p) => typeof p === 'string' || typeof p === 'number'))
  );
}

/** Drops a leading "field:" / "field " the API puts in front of a domain error message. */
function withoutFieldPrefix(message: string, field: string): string {
  if (!message.startsWith(field)) return message;
  const rest = message.slice(field.length).replace(/^:?\s+/, '');
  return rest || message;
}

/**
 * The field-level problems of an API error. ApiErrorSchema types `details` as unknown, so read it
 * defensively:
 * - 400 VALIDATION_FAILED: `details.issues[]` of `{ path, message }`;
 * - domain errors (e.g. 409 AGENT_NAME_TAKEN, 400 OUTBOUND_URL_NOT_ALLOWED): `details.field`, with the
 *   field named at the start of `message`.
 */
export function apiIssuesOf(error: unknown): ApiIssue[] {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return [];
  const { issues, field } = error.details as { issues?: unknown; field?: unknown };
  if (Array.isArray(issues)) {
    return issues.flatMap((issue: unknown): ApiIssue[] => {
      if (typeof issue !== 'object' || issue === null) return [];
      const { path, message } = issue as { path?: unknown; message?: unknown };
      return isPath(path) && typeof message === 'string' ? [{ path, message }] : [];
    });
  }
  if (typeof field === 'string' && field) {
    return [{ path: field, message: withoutFieldPrefix(error.message, field) }];
  }
  return [];
}
