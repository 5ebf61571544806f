export * from './common';
export * from './agents';
export * from './auth';
export * from './invocation';
export * from './metrics';
export * from './servers';
export * from './config';
