export * from './error.schema';
export * from './pagination.schema';
export * from './boolean-query.schema';
export * from './json-limits';
export * from './request-body';
