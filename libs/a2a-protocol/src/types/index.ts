export * from './a2a.schemas';
export * from './slug';
export * from './cost.schemas';
export * from './parts-text';
export * from './stream-result';
