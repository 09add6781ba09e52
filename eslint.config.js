import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Imports flow one way: app -> features -> store | vis | ui -> engine -> core.
const layerRule = (forbidden, message) => ({
  'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'playwright-report', 'bench-results', '.tmp'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
  {
    files: ['src/**/*.tsx', 'src/features/**', 'src/store/**'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  { files: ['scripts/**', 'e2e/**', '*.config.*'], languageOptions: { globals: globals.node } },
  {
    files: ['src/core/**'],
    rules: layerRule(['**/engine/**', '**/store/**', '**/features/**', '**/vis/**', '**/ui/**', '**/app/**', 'react', 'react-dom', 'zustand', '@tensorflow/tfjs-vis'], 'core is plain TypeScript + tfjs: no React, DOM widgets or app layers.'),
  },
  {
    files: ['src/engine/**'],
    rules: layerRule(['**/store/**', '**/features/**', '**/vis/**', '**/ui/**', '**/app/**', 'react', 'react-dom', 'zustand'], 'engine may import only core.'),
  },
  {
    files: ['src/store/**', 'src/vis/**', 'src/ui/**'],
    rules: layerRule(['**/features/**', '**/app/**'], 'store, vis and ui sit below features and app.'),
  },
  {
    files: ['src/features/**'],
    rules: layerRule(['**/app/**', '@tensorflow/tfjs', '@tensorflow/tfjs-core'], 'features ask the store; they never call tfjs directly.'),
  },
);
