export * from './agent.schemas';
