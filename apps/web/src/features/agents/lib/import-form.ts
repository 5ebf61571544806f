import { AgentImportSchema, type AgentImport } from '@switchboard/api-contract';
import type { Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { mappedSchemaResolver } from '../../../lib/schema-resolver';
import { describeIssue, parseTags } from './agent-form';

/** The import form's inputs: the card URL, an optional name, comma-separated tags. */
export interface ImportFormValues {
  cardUrl: string;
  name: string;
  tags: string;
}

export function toImportInput(values: ImportFormValues): z.input<typeof AgentImportSchema> {
  const tags = parseTags(values.tags);
  return {
    cardUrl: values.cardUrl.trim(),
    name: values.name.trim() || undefined,
    tags: tags.length > 0 ? tags : undefined,
  };
}

const FIELDS = new Set<string>(['cardUrl', 'name', 'tags']);

/** Validates with AgentImportSchema (the resolver every agent form uses); `tags.N` issues name the tag. */
export const importFormResolver: Resolver<ImportFormValues, unknown, AgentImport> = mappedSchemaResolver(
  AgentImportSchema,
  {
    toInput: (values: ImportFormValues) => ({ input: toImportInput(values) }),
    fieldOf: (path) => (FIELDS.has(String(path[0] ?? '')) ? String(path[0]) : null),
    describe: describeIssue,
  },
);
