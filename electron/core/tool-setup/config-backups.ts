/**
 * Backups of a tool's config file, kept beside it: `<file>.switchyard-backup-<UTC stamp>`, or
 * `<file>.switchyard-backup-<stamp>.absent` (empty) when there was no file before setup, so a
 * restore knows to remove the file again. 0600, because configs hold keys.
 */
import { copyFileSync, chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

const marker = '.switchyard-backup-';

export interface ConfigBackup {
  path: string;
  stamp: string;
  /** The config file did not exist when this backup was taken. */
  absent: boolean;
}

/** `2025-11-26T02:10:00.123Z` -> `20251126T021000123Z` (sorts by time). */
export function backupStamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

export function listBackups(configPath: string): ConfigBackup[] {
  const directory = dirname(configPath);
  const prefix = `${basename(configPath)}${marker}`;
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.startsWith(prefix))
    .map((name) => {
      const rest = name.slice(prefix.length);
      const absent = rest.endsWith('.absent');
      return { path: join(directory, name), stamp: absent ? rest.slice(0, -'.absent'.length) : rest, absent };
    })
    .filter((backup) => /^\d{8}T\d{9}Z(-\d+)?$/.test(backup.stamp))
    .sort((left, right) => (left.stamp < right.stamp ? -1 : left.stamp > right.stamp ? 1 : 0));
}

export function latestBackup(configPath: string): ConfigBackup | undefined {
  const backups = listBackups(configPath);
  return backups[backups.length - 1];
}

/** Copy the current file (or record its absence) before it is changed; returns the backup. */
export function createBackup(configPath: string, now: Date): ConfigBackup {
  const absent = !existsSync(configPath);
  const nameFor = (stamp: string, missing: boolean) => `${configPath}${marker}${stamp}${missing ? '.absent' : ''}`;
  let stamp = backupStamp(now);
  for (let suffix = 2; existsSync(nameFor(stamp, false)) || existsSync(nameFor(stamp, true)); suffix += 1) {
    stamp = `${backupStamp(now)}-${suffix}`;
  }
  const path = nameFor(stamp, absent);
  if (absent) writeFileAtomic.sync(path, '', { mode: 0o600 });
  else {
    copyFileSync(configPath, path);
    chmodSync(path, 0o600);
  }
  return { path, stamp, absent };
}

export function removeBackup(backup: ConfigBackup): void {
  rmSync(backup.path, { force: true });
}
