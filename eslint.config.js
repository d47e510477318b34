// Import boundaries: the core and CLI never import electron; shared/ imports neither electron nor node:*.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noElectron = { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' };

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'dist-renderer/**', 'bench-results/**', 'test-results/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['electron/core/**', 'electron/cli/**', 'renderer/**', 'test/**', 'bench/**'],
    ignores: ['test/electron/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['electron/*'], message: noElectron.message }] }] },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure TypeScript: no node:* imports.' },
            { group: ['fs', 'path', 'os', 'crypto', 'http', 'https', 'net', 'stream', 'events', 'child_process', 'url', 'util'], message: 'shared/ is pure TypeScript: no Node built-ins.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Typed IPC is written once: ipcMain only in electron/main/ipc.ts, ipcRenderer only in the preload's expose-contract.ts.
    files: ['electron/main/**', 'electron/preload/**'],
    ignores: ['electron/main/ipc.ts', 'electron/preload/expose-contract.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Only electron/main/ipc.ts imports ipcMain, and only electron/preload/expose-contract.ts imports ipcRenderer.' }] },
      ],
    },
  },
);
