import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

/** Only the Electron entry and the shell may touch Electron; everything else must run in plain Node. */
const electronBan = {
  paths: [{ name: 'electron', message: 'Only src/main/index.ts and src/main/shell/ may import electron (DESIGN.md §1).' }],
  patterns: [{ group: ['electron/*'], message: 'Only src/main/index.ts and src/main/shell/ may import electron.' }]
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/e2e/screenshots/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', electronBan]
    }
  },
  {
    files: ['src/main/index.ts', 'src/main/shell/**', 'src/preload/**', 'test/shell/**'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    // Plain CommonJS scripts run by node directly.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } }
  }
)
