/**
 * Where the app's own files are: in development the repository, packaged the asar (code, renderer)
 * and `resources/` beside it (icons, copied there by electron-builder's extraResources).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from 'electron';

/** Tray and app icons. */
export function resourcesDirectory(): string {
  return app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
}

/** The built dashboard (vite's output). */
export function rendererDirectory(): string {
  return join(app.getAppPath(), 'dist-renderer');
}

/** The bundled, sandbox-compatible preload next to the built main process. */
export function preloadPath(): string {
  return fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
}

export function appIconPath(): string {
  return join(resourcesDirectory(), 'icon.png');
}
