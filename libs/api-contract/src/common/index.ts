export * from './error.schema';
export * from './pagination.schema';
