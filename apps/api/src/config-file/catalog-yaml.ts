import type { ConfigFileProblem } from '@switchboard/api-contract';
import {
  Document,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node as YamlNode,
} from 'yaml';
import type { z } from 'zod';

type Path = readonly PropertyKey[];

/** `agents[1].auth.token` for ['agents', 1, 'auth', 'token']. */
export function pathText(path: Path): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/**
 * A YAML document read with its positions, so that every problem found later (in the schema, in the
 * catalog) can name the line it comes from. Parse errors never quote the source (it may hold secrets).
 */
export class YamlSource {
  private constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  static parse(text: string): { source: YamlSource; problems: ConfigFileProblem[] } {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const source = new YamlSource(doc, lines);
    const problems = doc.errors.map((error) => ({
      ...source.at(error.pos[0]),
      path: '',
      message: error.message,
    }));
    return { source, problems };
  }

  /** The document as plain data. */
  value(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 });
  }

  /** A problem at `path`, placed at the deepest node of the path that exists in the source. */
  problem(path: Path, message: string, key?: string): ConfigFileProblem {
    return { ...this.locate(path, key), path: pathText(key ? [...path, key] : path), message };
  }

  /** The problems of a schema check, each where it is in the source. */
  problemsOf(error: z.ZodError): ConfigFileProblem[] {
    return error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => this.problem(issue.path, `unknown field "${key}"`, key))
        : [this.problem(issue.path, issue.message)],
    );
  }

  private locate(path: Path, key?: string): { line: number | null; column: number | null } {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth) as unknown[], true);
      if (!isNode(node)) continue;
      if (key !== undefined && depth === path.length && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        if (pair && isNode(pair.key)) return this.at(pair.key.range?.[0]);
      }
      return this.at(node.range?.[0]);
    }
    return this.at(this.doc.contents?.range?.[0]);
  }

  private at(offset: number | undefined): { line: number | null; column: number | null } {
    if (offset === undefined) return { line: null, column: null };
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

/** `$${` (a literal `${`), `${NAME}`, `${NAME:-default}`, or a `${` that starts none of these. */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

/**
 * Every string with its `${ENV_VAR}` references resolved from `env` (after parsing, so a value can never
 * change the document's structure). `${NAME:-default}` falls back when NAME is unset or empty; `$${` is a
 * literal `${`. Problems name the variable, never its value.
 */
export function resolveEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  onProblem: (path: Path, message: string) => void,
  path: PropertyKey[] = [],
): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    return value.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
      if (match === '$${') return '${';
      if (name === undefined) {
        onProblem(path, '"${" starts no ${ENV_VAR} reference (write $${ for a literal "${")');
        return match;
      }
      const set = env[name];
      if (set !== undefined && (set !== '' || fallback === undefined)) return set;
      if (fallback !== undefined) return fallback;
      onProblem(path, `environment variable ${name} is not set`);
      return '';
    });
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveEnv(item, env, onProblem, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, resolveEnv(item, env, onProblem, [...path, key])]),
    );
  }
  return value;
}

/** The inverse for export: every literal `${` written as `$${`, so reading the file back gives it again. */
export function escapeEnv<T>(value: T): T {
  // A function, not a replacement string: there `$$` would mean one `$`.
  if (typeof value === 'string') return value.replaceAll('${', () => '$${') as T;
  if (Array.isArray(value)) return value.map(escapeEnv) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeEnv(v)])) as T;
  }
  return value;
}

/**
 * YAML text of `value`: `header` as the leading comment, `comments` before the items they are keyed by
 * (a path such as ['agents', 2]), lists of plain values on one line, no line folding.
 */
export function toYaml(value: unknown, header: string, comments: Map<Path, string>): string {
  const doc = new Document(value);
  doc.commentBefore = header;
  for (const [path, comment] of comments) {
    const node = doc.getIn(path as unknown[], true);
    if (isNode(node)) (node as YamlNode).commentBefore = comment;
  }
  flowShortLists(doc.contents);
  return doc.toString({ lineWidth: 0 });
}

function flowShortLists(node: unknown): void {
  if (isSeq(node)) {
    if (node.items.length > 0 && node.items.every((item) => isScalar(item))) node.flow = true;
    else node.items.forEach(flowShortLists);
  } else if (isMap(node)) {
    for (const pair of node.items) flowShortLists(pair.value);
  }
}
