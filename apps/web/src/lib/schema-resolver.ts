import { get, set, type FieldErrors, type FieldPath, type FieldValues, type Resolver } from 'react-hook-form';
import type { z } from 'zod';

/**
 * A react-hook-form resolver for a form whose inputs hold text (comma-separated tags, a number typed in a
 * box): `toInput` maps the inputs onto the contract schema's input, the schema validates it, and
 * `fieldOf` puts each issue on the input it came from (issues with no input go to `root`).
 * Resolves to the schema's parsed output, ready to send.
 */
export function mappedSchemaResolver<TValues extends FieldValues, TSchema extends z.ZodType>(
  schema: TSchema,
  toInput: (values: TValues) => z.input<TSchema>,
  fieldOf: (issuePath: readonly PropertyKey[]) => FieldPath<TValues> | null,
): Resolver<TValues, unknown, z.output<TSchema>> {
  return (values) => {
    const result = schema.safeParse(toInput(values));
    if (result.success) return { values: result.data as z.output<TSchema>, errors: {} };
    const errors: FieldErrors<TValues> = {};
    const unmatched: string[] = [];
    for (const issue of result.error.issues) {
      const field = fieldOf(issue.path);
      if (!field)
        unmatched.push(issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message);
      else if (!get(errors, field)) set(errors, field, { type: issue.code, message: issue.message });
    }
    if (unmatched.length > 0) set(errors, 'root', { type: 'validate', message: unmatched.join('; ') });
    return { values: {}, errors };
  };
}
