import { DomainException } from '../common/errors/domain.exception';

export enum MetricsErrorCode {
  InvalidRange = 'METRICS_INVALID_RANGE',
}

export class MetricsException extends DomainException<MetricsErrorCode> {}
