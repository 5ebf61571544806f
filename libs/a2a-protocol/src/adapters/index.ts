export * from './providers';
export * from './capabilities';
