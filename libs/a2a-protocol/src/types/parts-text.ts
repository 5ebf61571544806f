import type { Artifact, Message, Part, Task } from './a2a.schemas';

type NonTextPart = Exclude<Part, { text: string }>;

export interface PartsTextOptions {
  /** Between the parts' texts (default: nothing, as chunks of one answer). */
  separator?: string;
  /** How a part that is not text reads (default: data as JSON, a file by URL or name); '' leaves it out. */
  describe?: (part: NonTextPart) => string;
}

/** Data as JSON, a file by its URL, an inline file by its name. */
export function describePart(part: NonTextPart): string {
  if ('data' in part) return JSON.stringify(part.data);
  if ('url' in part) return part.url;
  return `[file${part.filename ? ` ${part.filename}` : ''}]`;
}

/** Leaves out every part that is not text. */
export const textPartsOnly = (): string => '';

/**
 * The human text of A2A parts — the one reading of "what did it say" for the gateway, its doors and the
 * admin UI. Empty readings are skipped, so a separator never doubles.
 */
export function textOfParts(parts: readonly Part[] | undefined, options: PartsTextOptions = {}): string {
  const describe = options.describe ?? describePart;
  return (parts ?? [])
    .map((part) => ('text' in part ? part.text : describe(part)))
    .filter((text) => text !== '')
    .join(options.separator ?? '');
}

export function messageText(message: Message | undefined, options?: PartsTextOptions): string {
  return textOfParts(message?.parts, options);
}

export function artifactText(artifact: Artifact, options?: PartsTextOptions): string {
  return textOfParts(artifact.parts, options);
}

/** What a task answered: its artifacts (one per line), else the message of its status. */
export function taskReplyText(task: Task, options?: PartsTextOptions): string {
  const artifacts = (task.artifacts ?? []).map((a) => artifactText(a, options)).filter(Boolean);
  return artifacts.length > 0 ? artifacts.join('\n') : messageText(task.status.message, options);
}
