import { ApiError } from './http';

/** One field-level problem of a 400 VALIDATION_FAILED answer. */
export interface ApiIssue {
  path: string | (string | number)[];
  message: string;
}

/**
 * The `details.issues` of a validation error. ApiErrorSchema types `details` as unknown, so read it
 * defensively: keep only entries with a string/array path and a string message.
 */
export function apiIssuesOf(error: unknown): ApiIssue[] {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return [];
  const issues = (error.details as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((issue: unknown): ApiIssue[] => {
    if (typeof issue !== 'object' || issue === null) return [];
    const { path, message } = issue as { path?: unknown; message?: unknown };
    const validPath =
      typeof path === 'string' ||
      (Array.isArray(path) && path.every((p) => typeof p === 'string' || typeof p === 'number'));
    return validPath && typeof message === 'string' ? [{ path: path as ApiIssue['path'], message }] : [];
  });
}
