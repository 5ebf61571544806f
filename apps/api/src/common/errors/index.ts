export * from './domain.exception';
export * from './http-status';
