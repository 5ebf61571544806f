export * from './invocation.schemas';
