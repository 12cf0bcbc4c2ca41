export * from './cluster-diagnostics';
