import {
  ServerCreateSchema,
  ServerUpdateSchema,
  type ServerCreateInput,
  type ServerRead,
  type ServerUpdate,
} from '@switchboard/api-contract';
import type { FieldPath } from 'react-hook-form';
import type { z } from 'zod';
import { mappedSchemaResolver } from '../../../lib/schema-resolver';
import { parseTags } from '../../agents/lib/agent-form';

/** The create/edit form; tags are typed comma-separated, agents picked by id. */
export interface ServerFormValues {
  name: string;
  description: string;
  tags: string;
  enabled: boolean;
  associatedAgents: string[];
}

export function serverFormValues(server?: ServerRead): ServerFormValues {
  return {
    name: server?.name ?? '',
    description: server?.description ?? '',
    tags: server?.tags.join(', ') ?? '',
    enabled: server?.enabled ?? true,
    associatedAgents: server ? [...server.associatedAgents] : [],
  };
}

export function toServerCreateInput(values: ServerFormValues): ServerCreateInput {
  const description = values.description.trim();
  return {
    name: values.name,
    description: description || undefined,
    tags: parseTags(values.tags),
    enabled: values.enabled,
    associatedAgents: values.associatedAgents,
  };
}

/** An edit sends every field: a cleared description becomes null (removed). */
export function toServerUpdateInput(values: ServerFormValues): z.input<typeof ServerUpdateSchema> {
  return { ...toServerCreateInput(values), description: values.description.trim() || null };
}

const FIELDS = new Set<string>(['name', 'description', 'tags', 'enabled', 'associatedAgents']);

/** The input an issue path belongs to ("tags.2" → tags, "associatedAgents.0" → associatedAgents). */
export function serverFieldOf(path: readonly PropertyKey[]): FieldPath<ServerFormValues> | null {
  const head = String(path[0] ?? '');
  return FIELDS.has(head) ? (head as FieldPath<ServerFormValues>) : null;
}

export const serverCreateResolver = mappedSchemaResolver(ServerCreateSchema, {
  toInput: (values: ServerFormValues) => ({ input: toServerCreateInput(values) }),
  fieldOf: serverFieldOf,
});

export const serverUpdateResolver = mappedSchemaResolver(ServerUpdateSchema, {
  toInput: (values: ServerFormValues) => ({ input: toServerUpdateInput(values) }),
  fieldOf: serverFieldOf,
});

export type ServerFormOutput = z.output<typeof ServerCreateSchema> | ServerUpdate;
