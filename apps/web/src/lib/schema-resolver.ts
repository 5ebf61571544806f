import { get, set, type FieldErrors, type FieldValues, type Resolver } from 'react-hook-form';
import type { z } from 'zod';

/** An input whose text could not be read as a value at all (invalid JSON, "abc" in a number box). */
export interface InputIssue<TPath extends string = string> {
  path: TPath;
  message: string;
}

/** How a form's inputs map onto a contract schema, and its issues back onto the inputs. */
export interface SchemaFormMapping<TValues extends FieldValues, TSchema extends z.ZodType> {
  /** The schema's input from the form's text inputs, with the inputs that could not be read. */
  toInput: (values: TValues) => { input: z.input<TSchema>; issues?: readonly InputIssue[] };
  /** The input a schema issue belongs to, or null (the issue then goes to `root`). */
  fieldOf: (issuePath: readonly PropertyKey[], values: TValues) => string | null;
  /** The message shown next to the input (default: the schema's). */
  describe?: (issuePath: readonly PropertyKey[], message: string, values: TValues) => string;
}

/**
 * The one react-hook-form resolver of the SPA's forms, whose inputs hold text (comma-separated tags, a
 * number typed in a box, JSON): `toInput` maps the inputs onto the contract schema's input, the schema
 * validates it, and every issue lands on the input it came from (issues with no input go to `root`).
 * Resolves to the schema's parsed output, ready to send.
 */
export function mappedSchemaResolver<TValues extends FieldValues, TSchema extends z.ZodType>(
  schema: TSchema,
  mapping: SchemaFormMapping<TValues, TSchema>,
): Resolver<TValues, unknown, z.output<TSchema>> {
  return (values) => {
    const { input, issues = [] } = mapping.toInput(values);
    const result = schema.safeParse(input);
    if (result.success && issues.length === 0)
      return { values: result.data as z.output<TSchema>, errors: {} };

    const errors: FieldErrors<TValues> = {};
    const add = (path: string, type: string, message: string) => {
      if (!get(errors, path)) set(errors, path, { type, message });
    };
    for (const issue of issues) add(issue.path, 'parse', issue.message);
    const unmatched: string[] = [];
    for (const issue of result.error?.issues ?? []) {
      const field = mapping.fieldOf(issue.path, values);
      const message = mapping.describe?.(issue.path, issue.message, values) ?? issue.message;
      if (!field) unmatched.push(issue.path.length ? `${issue.path.join('.')}: ${message}` : message);
      // An input that could not be read went to the schema as "unset"; its own issue says more.
      else if (!issues.some((i) => i.path === field)) add(field, issue.code, message);
    }
    if (unmatched.length > 0) set(errors, 'root', { type: 'validate', message: unmatched.join('; ') });
    return { values: {}, errors };
  };
}
