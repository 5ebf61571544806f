import { DomainException } from '../errors/domain.exception';

export enum OutboundErrorCode {
  UrlNotAllowed = 'OUTBOUND_URL_NOT_ALLOWED',
}

export class OutboundException extends DomainException<OutboundErrorCode> {}
