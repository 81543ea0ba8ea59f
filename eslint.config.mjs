// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'coverage/**', 'bench/results/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', fetch: 'readonly' } },
    rules: {
      // Event handlers and job payloads are typed by their contracts; `any` stays at the few generic seams.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'off',
      // Apps never import each other: only the composition root (apps/platform) knows every service.
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../*/src/*', '../../../apps/*'], message: 'import libs through @hamkor/* aliases; apps never import each other' }] }],
    },
  },
  {
    // Services meet only in the composition root (apps/platform) and over Kafka, never by importing each other.
    files: ['apps/partnerships/**', 'apps/internships/**', 'apps/equipment/**', 'apps/employment/**', 'apps/notifications/**', 'libs/**'],
    ignores: ['libs/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['partnerships', 'internships', 'equipment', 'employment', 'notifications'].map((name) => ({ name: `@hamkor/${name}`, message: 'services never import each other: publish or consume an event' })) }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', 'libs/testing/**', 'scripts/**', 'bench/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
