// Shared Jest settings: tests run the TypeScript sources directly (no build needed);
// @reev/* imports resolve to each package's src/index.ts, its only public face.
const path = require('node:path');

module.exports = {
  testEnvironment: 'node',
  // Compatibility specs read the original's files; `--testMatch '**/*.compat.spec.ts'` runs only them.
  testMatch: ['<rootDir>/src/**/*.spec.ts', '!**/*.compat.spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleNameMapper: {
    '^@reev/([a-z]+)$': path.join(__dirname, 'packages/reev-$1/src/index.ts'),
  },
  setupFiles: ['reflect-metadata'],
};
