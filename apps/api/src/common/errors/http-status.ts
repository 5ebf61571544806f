import { HttpStatus } from '@nestjs/common';
import { AgentsErrorCode } from '../../agents/agents.exception';
import { AuthErrorCode } from '../../auth/auth.exception';
import { OutboundErrorCode } from '../outbound/outbound.exception';

export type DomainErrorCode = AgentsErrorCode | AuthErrorCode | OutboundErrorCode;

/** HTTP status of every domain error code. A new code does not compile until it is mapped here. */
export function httpStatusOf(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case AgentsErrorCode.NotFound:
    case AuthErrorCode.ApiTokenNotFound:
      return HttpStatus.NOT_FOUND;
    case AgentsErrorCode.NameTaken:
    case AgentsErrorCode.SlugTaken:
      return HttpStatus.CONFLICT;
    case AgentsErrorCode.LimitReached:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case AgentsErrorCode.AuthRequired:
    case AgentsErrorCode.InvalidCursor:
    case OutboundErrorCode.UrlNotAllowed:
      return HttpStatus.BAD_REQUEST;
    case AuthErrorCode.InvalidCredentials:
    case AuthErrorCode.TokenMissing:
    case AuthErrorCode.TokenExpired:
    case AuthErrorCode.TokenInvalid:
      return HttpStatus.UNAUTHORIZED;
    case AuthErrorCode.Forbidden:
    case AuthErrorCode.RoleNotAllowed:
      return HttpStatus.FORBIDDEN;
    default:
      return code satisfies never;
  }
}
