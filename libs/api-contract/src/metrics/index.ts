export * from './metrics.schemas';
