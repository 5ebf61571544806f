import { DomainException } from '../common/errors/domain.exception';

export enum AgentsErrorCode {
  NotFound = 'AGENT_NOT_FOUND',
  NameTaken = 'AGENT_NAME_TAKEN',
  SlugTaken = 'AGENT_SLUG_TAKEN',
  LimitReached = 'AGENT_LIMIT_REACHED',
  AuthRequired = 'AGENT_AUTH_REQUIRED',
  InvalidCursor = 'INVALID_CURSOR',
}

export class AgentsException extends DomainException<AgentsErrorCode> {}
