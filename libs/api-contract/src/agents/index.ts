export * from './agent.schemas';
export * from './agent-aliases';
