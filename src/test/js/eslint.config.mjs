// ESLint for Feedline's JavaScript: the web app and client library (src/main/webapp, run in
// browsers, the library also in Node) and their tests here (Node). `npm run lint` runs it from the
// repository's root with this file as its config, so the patterns below are relative to the root.
import js from '@eslint/js';
import globals from 'globals';

export default [
  {
    files: ['src/main/webapp/**/*.js', 'src/test/js/*.mjs'],
    ...js.configs.recommended,
    rules: {
      ...js.configs.recommended.rules,
      // Beyond the recommended set, only rules that catch bugs. `== null` is the one loose
      // comparison the code uses on purpose (null or undefined).
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'array-callback-return': 'error',
      'no-self-compare': 'error',
      'no-template-curly-in-string': 'error',
      'no-unmodified-loop-condition': 'error',
      'no-unreachable-loop': 'error',
    },
  },
  {
    files: ['src/main/webapp/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['src/test/js/*.mjs'],
    languageOptions: { globals: globals.node },
  },
];
