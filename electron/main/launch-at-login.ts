/**
 * Start at login. macOS and Windows: `app.setLoginItemSettings`. Electron has no login items on Linux,
 * so there it is the XDG autostart entry (`~/.config/autostart/switchyard.desktop`) that desktop
 * sessions read, pointing at the AppImage when the app runs from one.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { app } from 'electron';

export interface LaunchAtLoginOptions {
  platform?: NodeJS.Platform;
  environment?: NodeJS.ProcessEnv;
  /** The command the autostart entry runs (Linux). */
  executable?: string;
}

export interface LaunchAtLogin {
  isEnabled(): boolean;
  /** Returns the state after the change, as the OS reports it. */
  setEnabled(enabled: boolean): boolean;
}

function autostartPath(environment: NodeJS.ProcessEnv): string {
  const configRoot = environment.XDG_CONFIG_HOME || join(environment.HOME || homedir(), '.config');
  return join(configRoot, 'autostart', 'switchyard.desktop');
}

/** Quote for the Exec key of a desktop entry. */
function desktopExecQuote(path: string): string {
  return /[\s"'\\$`]/.test(path) ? `"${path.replace(/(["`$\\])/g, '\\$1')}"` : path;
}

export function createLaunchAtLogin(options: LaunchAtLoginOptions = {}): LaunchAtLogin {
  const platform = options.platform ?? process.platform;
  const environment = options.environment ?? process.env;
  if (platform !== 'linux') {
    return {
      isEnabled: () => app.getLoginItemSettings().openAtLogin,
      setEnabled(enabled) {
        app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
        return app.getLoginItemSettings().openAtLogin;
      },
    };
  }
  const path = autostartPath(environment);
  const executable = options.executable ?? environment.APPIMAGE ?? process.execPath;
  return {
    isEnabled: () => existsSync(path),
    setEnabled(enabled) {
      if (enabled) {
        mkdirSync(join(path, '..'), { recursive: true });
        const entry = [
          '[Desktop Entry]',
          'Type=Application',
          'Name=Switchyard',
          'Comment=Local LLM gateway',
          `Exec=${desktopExecQuote(executable)} --hidden`,
          'Terminal=false',
          'X-GNOME-Autostart-enabled=true',
          '',
        ].join('\n');
        writeFileAtomic.sync(path, entry, { mode: 0o644 });
      } else {
        rmSync(path, { force: true });
      }
      return existsSync(path);
    },
  };
}
