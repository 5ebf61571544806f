export * from './error.schema';
export * from './pagination.schema';
export * from './boolean-query.schema';
