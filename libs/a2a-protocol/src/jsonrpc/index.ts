export * from './jsonrpc.schemas';
