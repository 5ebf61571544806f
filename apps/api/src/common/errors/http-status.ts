import { HttpStatus } from '@nestjs/common';
import { A2AErrorCode, type A2AError } from '@switchboard/a2a-protocol';
import { AgentsErrorCode } from '../../agents/agents.exception';
import { AuthErrorCode } from '../../auth/auth.exception';
import { CatalogFileErrorCode } from '../../config-file/catalog-file.exception';
import { MetricsErrorCode } from '../../metrics/metrics.exception';
import { ServersErrorCode } from '../../servers/servers.exception';
import { DependencyErrorCode } from './dependency.exception';

export type DomainErrorCode =
  | AgentsErrorCode
  | AuthErrorCode
  | CatalogFileErrorCode
  | DependencyErrorCode
  | MetricsErrorCode
  | ServersErrorCode;

/** HTTP status of every domain error code. A new code does not compile until it is mapped here. */
export function httpStatusOf(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case AgentsErrorCode.NotFound:
    case AuthErrorCode.ApiTokenNotFound:
    case ServersErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case AgentsErrorCode.NameTaken:
    case AgentsErrorCode.SlugTaken:
    case ServersErrorCode.NameTaken:
    case CatalogFileErrorCode.NotConfigured:
    case CatalogFileErrorCode.Unreadable:
    case CatalogFileErrorCode.NotApplied:
      return HttpStatus.CONFLICT;
    case AgentsErrorCode.LimitReached:
    case CatalogFileErrorCode.Invalid:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case AgentsErrorCode.AuthRequired:
    case AgentsErrorCode.InvalidCursor:
    case MetricsErrorCode.InvalidRange:
    case ServersErrorCode.UnknownAgents:
    case ServersErrorCode.InvalidCursor:
      return HttpStatus.BAD_REQUEST;
    case AuthErrorCode.InvalidCredentials:
    case AuthErrorCode.TokenMissing:
    case AuthErrorCode.TokenExpired:
    case AuthErrorCode.TokenInvalid:
      return HttpStatus.UNAUTHORIZED;
    case AuthErrorCode.Forbidden:
    case AuthErrorCode.RoleNotAllowed:
    case ServersErrorCode.HostNotAllowed:
    case ServersErrorCode.OriginNotAllowed:
      return HttpStatus.FORBIDDEN;
    case DependencyErrorCode.DatabaseUnavailable:
    case DependencyErrorCode.RedisUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return code satisfies never;
  }
}

/** HTTP status of every gateway-core error (calls to agents). */
export function httpStatusOfA2A(error: A2AError): HttpStatus {
  switch (error.code) {
    case A2AErrorCode.AgentNotFound:
    case A2AErrorCode.TaskNotFound:
      return HttpStatus.NOT_FOUND;
    case A2AErrorCode.AgentDisabled:
    case A2AErrorCode.TaskNotCancelable:
      return HttpStatus.CONFLICT;
    case A2AErrorCode.RateLimitExceeded:
      return HttpStatus.TOO_MANY_REQUESTS;
    case A2AErrorCode.BudgetExceeded:
      return HttpStatus.PAYMENT_REQUIRED;
    case A2AErrorCode.AgentUnavailable:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case A2AErrorCode.Timeout:
      return HttpStatus.GATEWAY_TIMEOUT;
    case A2AErrorCode.InvalidRequest:
    case A2AErrorCode.OutboundUrlNotAllowed:
      return HttpStatus.BAD_REQUEST;
    case A2AErrorCode.UnsupportedOperation:
    case A2AErrorCode.PushNotificationNotSupported:
    case A2AErrorCode.ExtendedCardNotConfigured:
      return HttpStatus.NOT_IMPLEMENTED;
    case A2AErrorCode.Canceled:
      // The caller left; nobody reads this answer, but logs should not call it a server fault.
      return 499 as HttpStatus;
    case A2AErrorCode.AuthenticationError:
    case A2AErrorCode.UpstreamError:
    case A2AErrorCode.ConnectionError:
    case A2AErrorCode.ProtocolError:
    case A2AErrorCode.ResponseTooLarge:
    case A2AErrorCode.AgentError:
      return HttpStatus.BAD_GATEWAY;
    default:
      return error.code satisfies never;
  }
}
