export * from './lib/score';
export * from './lib/tool-name';
export * from './lib/chain';
export * from './lib/execution';
export * from './lib/consolidation';
export * from './lib/agent-io';
export * from './lib/benchmark';
export * from './lib/flow-plan';
