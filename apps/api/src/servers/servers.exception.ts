import { DomainException } from '../common/errors/domain.exception';

export enum ServersErrorCode {
  NotFound = 'SERVER_NOT_FOUND',
  NameTaken = 'SERVER_NAME_TAKEN',
  UnknownAgents = 'SERVER_UNKNOWN_AGENTS',
  InvalidCursor = 'SERVER_INVALID_CURSOR',
  HostNotAllowed = 'MCP_HOST_NOT_ALLOWED',
  OriginNotAllowed = 'MCP_ORIGIN_NOT_ALLOWED',
}

export class ServersException extends DomainException<ServersErrorCode> {}
