import { z } from 'zod';

/**
 * What any JSON a caller sends (a request body, A2A params, the catalog file) must satisfy before anything
 * recursive touches it. JSON.parse itself copes with 10,000 nested arrays, but the code after it does not:
 * TypeORM's entity merge, structured clones and JSON.stringify on the way to an agent recurse, and overflow
 * the stack (a 500, or a 502 from the agent). PostgreSQL refuses NUL in text and jsonb, and refuses a lone
 * UTF-16 surrogate in jsonb (a 500 at the INSERT).
 */
export const JSON_LIMITS = {
  /** Objects and arrays nested in one document, counted from its root (`{"a":{}}` is 2). */
  maxDepth: 32,
  /** Values in one document (objects, arrays, strings, numbers…): bounds the work of every later walk. */
  maxValues: 100_000,
} as const;

/** Characters of JSON in one free-form field (`config`, `metadata`, …) as the gateway stores or forwards it. */
export const FREE_JSON_MAX_CHARS = {
  /** Settings the catalog stores with each agent: `config`, `providerConfig`. */
  settings: 64 * 1024,
  /** Per-call extras: invoke and message `metadata`. */
  metadata: 64 * 1024,
  /** A message's content: invoke `message.parts`, ContextForge's `parameters` (as long as a text `message`). */
  message: 1_000_000,
} as const;

/** NUL, or a UTF-16 surrogate without its other half: what PostgreSQL's text and jsonb refuse. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/**
 * `text` with each character PostgreSQL cannot store replaced by U+FFFD: for what agents answer, kept as
 * well as it can be. What callers send is refused instead (unstorableText, requestBody).
 */
export const storableText = (text: string): string => text.replace(UNSTORABLE_ALL, '\uFFFD');

/** Why PostgreSQL cannot store `text`, or undefined when it can. */
export function unstorableText(text: string): string | undefined {
  const found = UNSTORABLE.exec(text);
  if (!found) return undefined;
  const at = `at character ${found.index}`;
  return found[0] === '\u0000'
    ? `contains a NUL character (\\u0000) ${at}, which cannot be stored`
    : `contains a lone UTF-16 surrogate (\\u${found[0].charCodeAt(0).toString(16)}) ${at}, which is not valid Unicode`;
}

export interface JsonProblem {
  path: (string | number)[];
  message: string;
}

/** An object or array still to visit: its parent's chain gives its path only when a problem needs it. */
interface Visit {
  value: object;
  key: string | number | undefined;
  parent: Visit | undefined;
  depth: number;
}

const pathOf = (visit: Visit | undefined, last?: string | number): (string | number)[] => {
  const path: (string | number)[] = last === undefined ? [] : [last];
  for (let v = visit; v && v.key !== undefined; v = v.parent) path.push(v.key);
  return path.reverse();
};

/** Deep paths are cut here in messages: the first segments name the field. */
const PATH_SHOWN = 6;

/**
 * The first thing in `root` that breaks JSON_LIMITS or cannot be stored (in a string or a key), with its
 * path; undefined when there is none. Iterative, so a hostile depth cannot overflow the stack here; only
 * objects and arrays are queued (a small body costs a handful of allocations: this runs on every call).
 */
export function findJsonProblem(root: unknown, limits = JSON_LIMITS): JsonProblem | undefined {
  if (typeof root === 'string') {
    const why = unstorableText(root);
    return why ? { path: [], message: why } : undefined;
  }
  if (root === null || typeof root !== 'object') return undefined;
  const stack: Visit[] = [{ value: root, key: undefined, parent: undefined, depth: 1 }];
  let values = 1;
  while (stack.length > 0) {
    const visit = stack.pop() as Visit;
    if (visit.depth > limits.maxDepth) {
      return {
        path: pathOf(visit).slice(0, PATH_SHOWN),
        message: `nests objects and arrays deeper than ${limits.maxDepth} levels`,
      };
    }
    const isArray = Array.isArray(visit.value);
    const keys = isArray ? undefined : Object.keys(visit.value);
    const count = keys ? keys.length : (visit.value as unknown[]).length;
    values += count;
    if (values > limits.maxValues) {
      return { path: [], message: `holds more than ${limits.maxValues} JSON values` };
    }
    for (let i = 0; i < count; i++) {
      const key = keys ? keys[i] : i;
      if (keys) {
        const why = unstorableText(keys[i]);
        if (why) return { path: pathOf(visit, key), message: `has a key that ${why}` };
      }
      const child = (visit.value as Record<string | number, unknown>)[key];
      if (typeof child === 'string') {
        const why = unstorableText(child);
        if (why) return { path: pathOf(visit, key), message: why };
      } else if (child !== null && typeof child === 'object') {
        stack.push({ value: child, key, parent: visit, depth: visit.depth + 1 });
      }
    }
  }
  return undefined;
}

/** Adds the problem of `value` (if any) to a zod context, under `prefix`. */
export function checkJson(value: unknown, ctx: z.RefinementCtx, prefix: (string | number)[] = []): boolean {
  const problem = findJsonProblem(value);
  if (!problem) return true;
  ctx.addIssue({
    code: 'custom',
    path: [...prefix, ...problem.path],
    message: problem.message,
    input: value,
  });
  return false;
}

/**
 * A refinement: at most `maxChars` characters of JSON. Depth and characters are checked for the whole body
 * first (`requestBody`), so measuring with JSON.stringify here is safe.
 */
export const maxJsonChars =
  (maxChars: number) =>
  (value: unknown, ctx: z.RefinementCtx): void => {
    const chars = JSON.stringify(value).length;
    if (chars > maxChars) {
      ctx.addIssue({
        code: 'too_big',
        origin: 'string',
        maximum: maxChars,
        inclusive: true,
        input: value,
        message: `is ${chars} characters of JSON; at most ${maxChars}`,
      });
    }
  };

/** A free-form JSON object a caller writes (agent `config`, invoke `metadata`, …): keys up to 256 characters. */
export const freeJson = (maxChars: number) =>
  z.record(z.string().max(256), z.unknown()).superRefine(maxJsonChars(maxChars));
