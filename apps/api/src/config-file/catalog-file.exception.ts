import type { ConfigFileProblem } from '@switchboard/api-contract';
import { DomainException } from '../common/errors/domain.exception';

export enum CatalogFileErrorCode {
  NotConfigured = 'CONFIG_FILE_NOT_SET',
  Unreadable = 'CONFIG_FILE_UNREADABLE',
  Invalid = 'CONFIG_FILE_INVALID',
  /** A checked file whose writes the database or a catalog rule refused part way: nothing was applied. */
  NotApplied = 'CONFIG_FILE_NOT_APPLIED',
}

export class CatalogFileException extends DomainException<CatalogFileErrorCode> {}

/** At most this many problems are reported at once (a broken file can have thousands). */
const PROBLEMS_MAX = 50;

/** The refusal of a file with `problems`, the first one in the message. */
export function invalidFile(file: string, problems: ConfigFileProblem[]): CatalogFileException {
  const shown = problems.slice(0, PROBLEMS_MAX);
  return new CatalogFileException(
    CatalogFileErrorCode.Invalid,
    `${where(file, shown[0])}: ${shown[0].message}` +
      (problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''),
    { file, problems: shown },
  );
}

function where(file: string, problem: ConfigFileProblem): string {
  const at = problem.line === null ? file : `${file}:${problem.line}:${problem.column}`;
  return problem.path ? `${at} ${problem.path}` : at;
}

/** Every problem of a refused file, one per line. */
export function reportOf(error: CatalogFileException): string {
  const { file, problems } = (error.details ?? {}) as { file?: string; problems?: ConfigFileProblem[] };
  if (!file || !problems) return error.message;
  return [`Catalog file ${file} refused:`, ...problems.map((p) => `  ${where(file, p)}: ${p.message}`)].join(
    '\n',
  );
}
