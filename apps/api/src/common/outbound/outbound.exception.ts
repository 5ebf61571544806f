import { DomainException } from '../errors/domain.exception';

export enum OutboundErrorCode {
  UrlNotAllowed = 'OUTBOUND_URL_NOT_ALLOWED',
}

export class OutboundException extends DomainException<OutboundErrorCode> {
  constructor(code: OutboundErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}
