import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '**/*.generated.*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // House rule: files under ~300 lines, 500 at most (small modules named after the domain).
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The rules of hooks and exhaustive deps: a stale closure in a chart or a query key is a bug
    // that no type check finds.
    files: ['dashboard/web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // The web app is bundled for the browser: node-only packages (store, config loader, engine,
    // collector, server) must not reach it, not even through a type-free import.
    files: ['dashboard/web/src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*'], message: 'The web app runs in the browser: no Node built-ins.' },
          { group: ['@claimcheck/shared/node', '@claimcheck/shared/node/*'], message: 'Node-only part of shared: import browser-safe contracts from @claimcheck/shared.' },
          { group: ['@claimcheck/collector', '@claimcheck/collector/*', '@claimcheck/server', '@claimcheck/server/*', 'claimcheck', '@claimcheck/demo', '@claimcheck/demo/*'], message: 'Server-side package: the web app talks to it over the API.' },
          { group: ['@clickhouse/client', 'chdb', 'chdb/*', 'express', 'pino', 'prom-client', '@grpc/*'], message: 'Node-only library.' },
        ],
      }],
    },
  },
  {
    // Rows read back from ClickHouse in tests are loosely typed on purpose.
    files: ['**/*.test.ts', '**/*.test.tsx', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
)
