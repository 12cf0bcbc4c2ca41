/**
 * The planning model's public surface: `buildPlan(profile, prices)` and the pieces it is made of. Re-exports only.
 */
export * from './amlfs';
export * from './capacity';
export * from './cost';
export * from './erasure-coding';
export * from './metrics';
export * from './plan';
export * from './price-book';
export * from './prices';
export * from './recovery';
export * from './storage-limits';
export * from './render';
export * from './throughput';
export * from './units';
export * from './live-prices';
