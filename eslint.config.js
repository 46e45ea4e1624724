// Lint: typescript-eslint's strict rules over the code, its tests and the benchmark scripts;
// formatting is prettier's (eslint-config-prettier turns off the rules that would fight it). The
// type-checked presets are left out so `npm run lint` stays a few seconds: `tsc` already checks types.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'bench/work/', 'out/', 'coverage/', 'node_modules/', 'test-results/', 'data/**/*.db*'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // With noUncheckedIndexedAccess every index is `T | undefined`: `!` marks the ones the code
      // has just made sure of (a loop bound, a map filled a line above). tsc checks the rest.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // The product escapes and refuses control characters in what it reads and prints: its
      // expressions name them on purpose.
      'no-control-regex': 'off',
    },
  },
  // The web's progressive script runs in the browser.
  { files: ['templates/web/static/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  prettier,
);
