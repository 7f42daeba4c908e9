import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Layers point one way: extension -> widget -> engine. An upward import is a lint error,
// and the widget and extension reach the engine only through its public index.
const upward = (from, banned) => ({
  files: [`${from}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: banned.map((group) => ({ group: [group], message: `${from}/ must not import ${group}` })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**'] },
  // Stryker's sandbox and reports (npm run mutate).
  { ignores: ['reports/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  upward('engine', [
    '**/widget/**',
    '**/extension/**',
    '**/cli/**',
    'preact',
    'lightweight-charts',
    'node:*',
  ]),
  upward('widget', ['**/extension/**', '**/cli/**', '**/engine/*/**']),
  upward('extension', ['**/cli/**', '**/engine/*/**']),
  {
    files: ['scripts/**/*.mjs', 'test/**/*.mjs', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
