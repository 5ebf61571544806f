export * from './config-file.schemas';
