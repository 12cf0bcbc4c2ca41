export * from './cloud-init';
export * from './l-series-catalog';
export * from './node-pool';
export * from './placement';
