export * from './agent.schemas';
export * from './slug';
