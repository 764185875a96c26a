export * from './lib/env';
export * from './lib/benchmark';
export * from './lib/scoring';
