import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Layers only import downward (docs/architecture.md). Each project carries one layer tag. `layer:testing`
// (@reev/testing) sits just above the types so every other layer's specs may use it; the override below keeps it
// out of everything but specs and test-support code.
const depConstraints = [
  { sourceTag: 'layer:types', onlyDependOnLibsWithTags: ['layer:types'] },
  { sourceTag: 'layer:testing', onlyDependOnLibsWithTags: ['layer:types'] },
  { sourceTag: 'layer:db', onlyDependOnLibsWithTags: ['layer:types', 'layer:testing'] },
  { sourceTag: 'layer:tools', onlyDependOnLibsWithTags: ['layer:types', 'layer:testing'] },
  { sourceTag: 'layer:lib', onlyDependOnLibsWithTags: ['layer:types', 'layer:tools', 'layer:testing'] },
  { sourceTag: 'layer:agent', onlyDependOnLibsWithTags: ['layer:types', 'layer:testing'] },
  { sourceTag: 'layer:flow', onlyDependOnLibsWithTags: ['layer:types', 'layer:testing'] },
  {
    sourceTag: 'layer:orchestrator',
    onlyDependOnLibsWithTags: ['layer:types', 'layer:db', 'layer:tools', 'layer:lib', 'layer:agent', 'layer:flow', 'layer:testing'],
  },
  {
    sourceTag: 'layer:app',
    onlyDependOnLibsWithTags: ['layer:types', 'layer:db', 'layer:tools', 'layer:lib', 'layer:agent', 'layer:flow', 'layer:orchestrator', 'layer:testing'],
  },
  {
    sourceTag: 'layer:tooling',
    onlyDependOnLibsWithTags: ['layer:types', 'layer:db', 'layer:tools', 'layer:lib', 'layer:agent', 'layer:flow', 'layer:orchestrator', 'layer:testing'],
  },
];

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/drizzle/**', '**/*.cjs', '**/*.mjs', '**/public/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Shipped code never imports the shared test helpers; only specs and test-support code do.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test-support/**', 'packages/reev-testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@reev/testing', message: '@reev/testing is for specs and test-support code only.' }] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test-support/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
