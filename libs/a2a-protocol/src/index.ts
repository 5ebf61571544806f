export * from './types';
export * from './versions';
export * from './jsonrpc';
export * from './errors';
export * from './adapters';
export * from './auth';
