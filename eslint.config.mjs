import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Layers only import downward (docs/architecture.md). Each project carries one layer tag.
const depConstraints = [
  { sourceTag: 'layer:types', onlyDependOnLibsWithTags: ['layer:types'] },
  { sourceTag: 'layer:db', onlyDependOnLibsWithTags: ['layer:types'] },
  { sourceTag: 'layer:tools', onlyDependOnLibsWithTags: ['layer:types'] },
  { sourceTag: 'layer:lib', onlyDependOnLibsWithTags: ['layer:types', 'layer:tools'] },
  { sourceTag: 'layer:agent', onlyDependOnLibsWithTags: ['layer:types'] },
  { sourceTag: 'layer:flow', onlyDependOnLibsWithTags: ['layer:types'] },
  {
    sourceTag: 'layer:orchestrator',
    onlyDependOnLibsWithTags: ['layer:types', 'layer:db', 'layer:tools', 'layer:lib', 'layer:agent', 'layer:flow'],
  },
  {
    sourceTag: 'layer:app',
    onlyDependOnLibsWithTags: ['layer:types', 'layer:db', 'layer:tools', 'layer:lib', 'layer:agent', 'layer:flow', 'layer:orchestrator'],
  },
  {
    sourceTag: 'layer:tooling',
    onlyDependOnLibsWithTags: ['layer:types', 'layer:db', 'layer:tools', 'layer:lib', 'layer:agent', 'layer:flow', 'layer:orchestrator'],
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
    files: ['**/*.spec.ts', '**/test-support/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
