/**
 * The dashboard build (`npm run build:renderer`): renderer/ -> dist-renderer/, relative asset paths (the
 * headless server serves it at `/`, the Electron shell at `switchyard://dashboard/`), and nothing inline,
 * so it runs under the strict CSP (`script-src 'self'; style-src 'self'`).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist-renderer', import.meta.url)),
    emptyOutDir: true,
    // The polyfill is an inline <script>, which the CSP refuses; every browser we serve supports modulepreload.
    modulePreload: { polyfill: false },
    // No data: URLs for fonts or scripts (only images may be data: under the CSP).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1_500,
  },
});
