import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

/** Only the Electron entry and the shell may touch Electron; everything else must run in plain Node. */
const electronBan = {
  paths: [{ name: 'electron', message: 'Only src/main/index.ts and src/main/shell/ may import electron (DESIGN.md §1).' }],
  patterns: [{ group: ['electron/*'], message: 'Only src/main/index.ts and src/main/shell/ may import electron.' }]
}

/**
 * Boundaries between the layers (DESIGN.md §1, issue 10), as `no-restricted-imports` patterns.
 * A later config block replaces an earlier block's options for the same rule, so each block
 * lists every boundary that applies to its files (`restrict(...)`).
 */
const notTest = { regex: '^(\\.\\./)+test(/|$)', message: 'Nothing in src/ imports test/: move what production needs into src/ (test-only helpers stay in test/).' }
const noFrontEnd = {
  regex: '^(\\.\\./)+(server|shell|cli|renderer|preload)(/|\\.ts$|$)',
  message: 'The engine imports no front end (server, shell, cli, renderer): front ends call the service, never the other way (DESIGN.md §1).'
}
/** What every connector may share: the toolkit and the interfaces the engine and the books define. */
const SHARED_CONNECTOR_PARTS = 'http|platform|types|books|money-record'
const noOtherConnector = {
  regex: `^\\.\\./(?!(${SHARED_CONNECTOR_PARTS})(/|\\.ts$|$))[^./][^/]*`,
  message: 'A connector imports no other connector: share code through connectors/platform or connectors/http.'
}
const noOtherConnectorNested = {
  regex: `^\\.\\./\\.\\./(?!(${SHARED_CONNECTOR_PARTS})(/|\\.ts$|$))[^./][^/]*`,
  message: 'A connector imports no other connector: share code through connectors/platform or connectors/http.'
}
const noAccounting = { regex: '(^|/)accounting(/|$)', message: 'Connectors import no accounting: the accounting engine works through the Books interface (connectors/books.ts).' }
const restrict = (...patterns) => ['error', { paths: electronBan.paths, patterns: [...electronBan.patterns, ...patterns] }]

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
  { files: ['src/**'], rules: { 'no-restricted-imports': restrict(notTest) } },
  { files: ['src/main/engine/**'], rules: { 'no-restricted-imports': restrict(notTest, noFrontEnd) } },
  { files: ['src/main/connectors/*/*'], rules: { 'no-restricted-imports': restrict(notTest, noOtherConnector, noAccounting) } },
  { files: ['src/main/connectors/*/*/**'], rules: { 'no-restricted-imports': restrict(notTest, noOtherConnectorNested, noAccounting) } },
  {
    files: ['src/main/index.ts', 'src/main/shell/**', 'src/preload/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [notTest] }] }
  },
  {
    files: ['test/shell/**'],
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
