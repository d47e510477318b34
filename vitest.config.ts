import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{shared,electron,renderer,test,bench,scripts}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Processed by vite so that `vi.mock('electron')` (test/electron/fake-electron.ts) reaches its import of electron.
    server: { deps: { inline: ['electron-store'] } },
  },
});
