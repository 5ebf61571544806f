/**
 * Base of every feature's exception (`<feature>.exception.ts`). Domain code throws these; the one global
 * filter maps `code` to a transport status through `httpStatusOf` (an exhaustive switch).
 */
export abstract class DomainException<C extends string = string> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
