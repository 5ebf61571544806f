import { DomainException } from '../common/errors/domain.exception';

export enum CatalogFileErrorCode {
  NotConfigured = 'CONFIG_FILE_NOT_SET',
  Unreadable = 'CONFIG_FILE_UNREADABLE',
  Invalid = 'CONFIG_FILE_INVALID',
}

export class CatalogFileException extends DomainException<CatalogFileErrorCode> {}
