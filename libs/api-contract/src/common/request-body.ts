import { z } from 'zod';
import { findJsonProblem } from './json-limits';

/** Reports a problem with one top-level field of the body as the caller wrote it. */
export type ReportIssue = (field: string, message: string) => void;

export interface RequestBodyOptions {
  /**
   * Other names of our fields, as ContextForge's API spells them (`associated_a2a_agents`). Any other
   * snake_case spelling of one of our fields (`endpoint_url`, `interaction_type`) is accepted without a
   * listing here.
   */
  aliases?: Readonly<Record<string, string>>;
  /** Rewrites what a rename cannot (one field's value into another's shape); runs before the renames. */
  normalise?: (body: Record<string, unknown>, report: ReportIssue) => void;
  /** Documents the accepted aliases on the body in OpenAPI. */
  aliasNote?: string;
}

const camelCase = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Moves `body[from]` to `body[to]`; both given is a conflict, reported at `from`. */
export function moveField(
  body: Record<string, unknown>,
  from: string,
  to: string,
  report: ReportIssue,
): void {
  if (!(from in body) || from === to) return;
  if (to in body) report(from, `is another name for ${to}; give one of them`);
  else body[to] = body[from];
  delete body[from];
}

/**
 * A body the API accepts, declared once per schema: first whatever any written JSON must satisfy
 * (JSON_LIMITS, characters PostgreSQL can store; 400 naming the field), then ContextForge's field names
 * mapped onto ours, then `schema` itself. OpenAPI documents `schema` (the camelCase shape); the aliases are
 * named in its description.
 */
export function requestBody<T extends z.ZodType>(schema: T, options: RequestBodyOptions = {}) {
  const fields = new Set(schema instanceof z.ZodObject ? Object.keys(schema.shape) : []);
  const aliases = options.aliases ?? {};
  const documented = options.aliasNote
    ? schema.meta({
        ...schema.meta(),
        description: [schema.meta()?.description, options.aliasNote].filter(Boolean).join(' '),
      })
    : schema;
  return z.preprocess((input, ctx) => {
    const problem = findJsonProblem(input);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input });
      return input;
    }
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return input;
    // A body in our own names (the usual case, every call in our names) is passed on as it is, not copied.
    if (!options.normalise && !Object.keys(input).some((key) => key.includes('_'))) return input;
    const body: Record<string, unknown> = { ...(input as Record<string, unknown>) };
    const report: ReportIssue = (field, message) =>
      ctx.addIssue({ code: 'custom', path: [field], message, input });
    options.normalise?.(body, report);
    for (const key of Object.keys(body)) {
      if (!key.includes('_')) continue;
      const target = aliases[key] ?? camelCase(key);
      if (target !== key && fields.has(target)) moveField(body, key, target, report);
    }
    return body;
  }, documented);
}
