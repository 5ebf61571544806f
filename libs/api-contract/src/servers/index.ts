export * from './servers.schemas';
