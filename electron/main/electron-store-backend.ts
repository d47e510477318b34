/**
 * Settings in the app: electron-store over the same file and the same zod schema as headless `conf`
 * (the schema is applied by createSettingsStore on top of either backend). The data directory is
 * SWITCHYARD_HOME when set, else Electron's userData directory; the file is `settings.json` in it.
 */
import { app } from 'electron';
import ElectronStore from 'electron-store';
import { SettingsError, type SettingsBackend } from '../core/config/settings-store.js';

export function resolveDesktopHome(environment: NodeJS.ProcessEnv = process.env): string {
  return environment.SWITCHYARD_HOME || app.getPath('userData');
}

export function createElectronStoreBackend(home: string): SettingsBackend {
  let store: ElectronStore<Record<string, unknown>>;
  try {
    store = new ElectronStore<Record<string, unknown>>({ cwd: home, name: 'settings', clearInvalidConfig: false });
  } catch (error) {
    const path = `${home}/settings.json`;
    throw new SettingsError(`The settings file ${path} is not valid JSON (${(error as Error).message}). Fix or remove it; it was left untouched.`);
  }
  return {
    path: store.path,
    read: () => ({ ...store.store }),
    write: (values) => {
      store.store = values;
    },
  };
}
