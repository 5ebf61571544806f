import { AgentImportSchema, type AgentImport, type AgentImportPreview } from '@switchboard/api-contract';
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

/** What the preview says about an existing agent with the name or slug the import would take. */
export type ImportCollision =
  | { kind: 'none' }
  /** The existing agent is this very registration: importing answers it again, nothing changes. */
  | { kind: 'same'; message: string }
  /** Another agent: the import would be refused (409) unless made under another name. */
  | { kind: 'taken'; message: string; suggestedName: string | null };

export function importCollisionOf(preview: AgentImportPreview): ImportCollision {
  const { collision, suggestedName } = preview;
  if (!collision) return { kind: 'none' };
  if (collision.reuse) {
    return {
      kind: 'same',
      message: `“${collision.agentName}” is already registered from this card: importing it again changes nothing.`,
    };
  }
  const what = collision.field === 'name' ? 'this name' : 'a name with the same slug (its URL form)';
  return {
    kind: 'taken',
    message: `The agent “${collision.agentName}” already has ${what}: importing under it would be refused.`,
    suggestedName,
  };
}
