import { ApiTokenCreateSchema, type ApiTokenCreate, type UserRole } from '@switchboard/api-contract';
import type { FieldPath } from 'react-hook-form';
import { mappedSchemaResolver } from '../../../lib/schema-resolver';

export interface TokenFormValues {
  name: string;
  role: UserRole;
  /** Whole days as typed; empty = never expires. */
  expiresInDays: string;
}

/** Least privilege by default: a viewer token that expires. */
export function defaultTokenFormValues(): TokenFormValues {
  return { name: '', role: 'viewer', expiresInDays: '90' };
}

export function toTokenCreateInput(values: TokenFormValues): ApiTokenCreate {
  const days = values.expiresInDays.trim();
  return {
    name: values.name,
    role: values.role,
    // A non-number goes through as NaN so the schema reports it on the field.
    expiresInDays: days === '' ? undefined : Number(days),
  };
}

const FIELDS = new Set<string>(['name', 'role', 'expiresInDays']);

export const tokenFormResolver = mappedSchemaResolver(ApiTokenCreateSchema, {
  toInput: (values: TokenFormValues) => ({ input: toTokenCreateInput(values) }),
  fieldOf: (path) => {
    const head = String(path[0] ?? '');
    return FIELDS.has(head) ? (head as FieldPath<TokenFormValues>) : null;
  },
});
