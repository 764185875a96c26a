// Shared Jest settings: tests run the TypeScript sources directly (no build needed);
// @reev/* imports resolve to each package's src/index.ts, its only public face.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // *.compat.spec.ts read the original system's benchmark files, outside the repository: `npm run test:compat`
  // (tools/compat/run.mjs) runs them; `npm test` needs nothing beside the repository.
  testPathIgnorePatterns: ['/node_modules/', '\\.compat\\.spec\\.ts$'],
  // The machine may be busy (other processes on both cores): 5 s is too short for a spec doing real work.
  // Specs that start processes, workers or a browser set their own, longer timeouts.
  testTimeout: 30_000,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@reev/([a-z]+)$': path.join(__dirname, 'packages/reev-$1/src/index.ts'),
  },
  setupFiles: ['reflect-metadata'],
};
