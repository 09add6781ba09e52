import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Imports flow one way: app -> features -> i18n -> store | vis | ui -> engine -> core.
// (i18n words the codes core, engine and store return; nothing below it builds a sentence.)
const layerRule = (forbidden, message) => ({
  'no-restricted-imports': ['error', { patterns: forbidden.map((group) => ({ group: [group], message })) }],
});

export default tseslint.config(
  // .gpu: the bundled payload npm run bench:gpu-node -- --payload .gpu builds for a borrowed GPU machine.
  { ignores: ['dist', 'node_modules', 'public', 'test-results', 'playwright-report', 'bench-results', '.tmp', '.gpu'] },
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
    rules: layerRule(['**/engine/**', '**/store/**', '**/features/**', '**/vis/**', '**/ui/**', '**/app/**', '**/i18n/**', 'react', 'react-dom', 'zustand', '@tensorflow/tfjs-vis'], 'core is plain TypeScript + tfjs: no React, DOM widgets or app layers.'),
  },
  {
    files: ['src/engine/**'],
    rules: layerRule(['**/store/**', '**/features/**', '**/vis/**', '**/ui/**', '**/app/**', '**/i18n/**', 'react', 'react-dom', 'zustand'], 'engine may import only core.'),
  },
  {
    files: ['src/store/**', 'src/vis/**', 'src/ui/**'],
    rules: layerRule(['**/features/**', '**/app/**', '**/i18n/**'], 'store, vis and ui sit below features, app and i18n: they pass codes and words on, they do not word them.'),
  },
  {
    files: ['src/i18n/**'],
    rules: layerRule(['**/features/**', '**/app/**', '@tensorflow/tfjs', '@tensorflow/tfjs-core'], 'i18n sits below features and words what core, engine and store say.'),
  },
  {
    files: ['src/features/**'],
    rules: layerRule(['**/app/**', '@tensorflow/tfjs', '@tensorflow/tfjs-core'], 'features ask the store; they never call tfjs directly.'),
  },
);
