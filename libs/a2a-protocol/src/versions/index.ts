export * from './protocol-versions';
