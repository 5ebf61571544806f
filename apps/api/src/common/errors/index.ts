export * from './dependency.exception';
export * from './domain.exception';
export * from './http-status';
export * from './outage';
