export * from './auth-types';
