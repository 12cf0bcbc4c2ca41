export * from './cluster-network';
