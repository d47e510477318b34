/** The data directory: SWITCHYARD_HOME, else $XDG_CONFIG_HOME/switchyard, else ~/.config/switchyard. */
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function resolveSwitchyardHome(environment: NodeJS.ProcessEnv = process.env): string {
  if (environment.SWITCHYARD_HOME) return environment.SWITCHYARD_HOME;
  const configRoot = environment.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(configRoot, 'switchyard');
}

export function ensureSwitchyardHome(home: string): string {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}
