export * from './error-codes';
export * from './a2a-error';
