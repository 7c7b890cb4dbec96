// @ts-check
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const electronOnlyIn = ['src-main/electron/**', 'src-main/index.ts', 'src-main/preload/**']
const ipcWrappers = ['src-main/electron/ipc/register-handlers.ts', 'src-main/preload/index.ts']

const noElectron = {
  name: 'electron',
  message:
    'Only src-main/electron/, src-main/index.ts and the preload may import electron; core stays host-neutral.',
}

/**
 * The layers of src-main/core, lowest first (docs/architecture.md §1), VS Code's layering idea: a
 * folder imports its own files and folders of LOWER layers only, never a folder of its own layer
 * or above, nor the files at the core's root that compose everything (app-core.ts, api.ts,
 * scan-run.ts), nor a host. Tests may reach across (they drive a layer through the ones above).
 */
const CORE_LAYERS = [
  // Leaves: no other core folder.
  ['log', 'security', 'pacing', 'host', 'media', 'about'],
  // Inputs expand paths (media sniffs them); the store is the SQLite data folder.
  ['inputs', 'store'],
  // The event hub, and the follower turning the store's change feed into events.
  ['events'],
  // The engine contract, the Green and local engines, and the factory choosing between them.
  ['engines'],
  ['credentials'],
  // Pricing an add, and the scan queue that runs it.
  ['cost', 'scan'],
  // Services over the queue and the store.
  ['feedback', 'export', 'watch', 'thumbnails'],
]
const CORE_ROOT_FILES = [
  'app-core',
  'api',
  'api-dispatch',
  'add-through-dialogs',
  'scan-run',
  'show-item-in-folder',
]
const HOSTS = ['cli', 'electron', 'preload']

/** One config per core folder: what it may not import, by relative specifier. */
const coreLayerZones = CORE_LAYERS.flatMap((layer, index) => {
  const above = CORE_LAYERS.slice(index).flat()
  return layer.map((folder) => {
    const forbidden = [...above.filter((f) => f !== folder), ...CORE_ROOT_FILES, ...HOSTS]
    return {
      files: [`src-main/core/${folder}/**/*.ts`],
      ignores: ['**/*.test.ts', '**/*.test-data.ts'],
      rules: {
        'no-restricted-imports': [
          'error',
          {
            paths: [noElectron],
            patterns: [
              {
                regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
                message: `core/${folder} is in layer ${String(index)} of docs/architecture.md §1: it may import only the layers below it (${CORE_LAYERS.slice(0, index).flat().join(', ') || 'none'}).`,
              },
            ],
          },
        ],
      },
    }
  })
})

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'release/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'node_modules/**',
    ],
  },
  js.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.strictTypeChecked, tseslint.configs.stylisticTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: false, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
      'no-restricted-imports': ['error', { paths: [noElectron] }],
    },
  },
  ...coreLayerZones,
  {
    // The Electron host may import electron, but ipcMain/ipcRenderer only in the two IPC wrappers.
    files: electronOnlyIn,
    ignores: ipcWrappers,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message:
                'Register IPC only through electron/ipc/register-handlers.ts or the preload.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ipcWrappers,
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // A React Compiler hint; we do not run the compiler, and TanStack Virtual is fine without it.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    // Tests index into fixtures they just built; a failed assertion is the error message.
    files: ['**/*.test.{ts,tsx}', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // Tool configs must default-export by convention.
    files: ['*.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
)
