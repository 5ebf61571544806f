import { DomainException } from '../common/errors/domain.exception';

export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  TokenMissing = 'TOKEN_MISSING',
  TokenExpired = 'TOKEN_EXPIRED',
  TokenInvalid = 'TOKEN_INVALID',
  Forbidden = 'FORBIDDEN',
  RoleNotAllowed = 'ROLE_NOT_ALLOWED',
  ApiTokenNotFound = 'API_TOKEN_NOT_FOUND',
}

export class AuthException extends DomainException<AuthErrorCode> {}
