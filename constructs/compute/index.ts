export * from './cloud-init';
export * from './l-series-catalog';
export * from './node-pool';
export * from './placement';
export * from './general-purpose-catalog';
export * from './management-node';
export * from './client-pool';
export * from './linux-vm-common';
