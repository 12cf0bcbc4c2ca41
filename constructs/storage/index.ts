export * from './offload-account';
