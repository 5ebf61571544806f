import {
  CatalogFileSchema,
  findJsonProblem,
  type CatalogFile,
  type ConfigFileProblem,
} from '@switchboard/api-contract';
import { readFile } from 'node:fs/promises';
import { CatalogFileErrorCode, CatalogFileException, invalidFile } from './catalog-file.exception';
import { resolveEnv, YamlSource } from './catalog-yaml';

/** A catalog file as read: its data, checked against the shared schemas, and its source for placing problems. */
export interface ReadCatalog {
  data: CatalogFile;
  source: YamlSource;
}

/**
 * The text of a catalog file, parsed, with its `${ENV_VAR}` references resolved from `env` and checked against
 * the shared schemas; or every problem found, each with its line. No I/O.
 */
export function parseCatalogText(
  text: string,
  env: NodeJS.ProcessEnv,
): { catalog: ReadCatalog } | { problems: ConfigFileProblem[] } {
  const { source, problems } = YamlSource.parse(text);
  if (problems.length > 0) return { problems };
  const value = source.value() ?? {};
  // Before anything recursive (resolveEnv, the schema, TypeORM) walks it. Environment values cannot add
  // depth, NUL or lone surrogates, so the resolved document needs no second look.
  const problem = findJsonProblem(value);
  if (problem) return { problems: [source.problem(problem.path, problem.message)] };
  const resolved = resolveEnv(value, env, (path, message) => problems.push(source.problem(path, message)));
  if (problems.length > 0) return { problems };
  const parsed = CatalogFileSchema.safeParse(resolved);
  if (!parsed.success) return { problems: source.problemsOf(parsed.error) };
  return { catalog: { data: parsed.data, source } };
}

/** The catalog file at `file`, read and checked; refused whole (422 with every problem) when anything is wrong. */
export async function readCatalogFile(file: string, env: NodeJS.ProcessEnv): Promise<ReadCatalog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CatalogFileException(CatalogFileErrorCode.Unreadable, `${file} cannot be read (${code})`, {
      file,
    });
  }
  const read = parseCatalogText(text, env);
  if ('problems' in read) throw invalidFile(file, read.problems);
  return read.catalog;
}
