export * from './a2a.schemas';
