export * from './cluster-network';
export * from './vast-ports';
export * from './peering';
