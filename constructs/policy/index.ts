export * from './config';
export * from './format';
export * from './pack';
export * from './registry';
export * from './rule';
export * from './rules-doc';
export * from './suppressions';
