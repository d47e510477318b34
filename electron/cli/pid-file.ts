/**
 * `$SWITCHYARD_HOME/switchyard.pid`: written by `switchyard serve` once it listens, removed when it stops.
 * JSON with the pid and the URL, so the CLI finds a server started on another port, and `start` refuses
 * to start a second one.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export const pidFileName = 'switchyard.pid';

export interface PidRecord {
  pid: number;
  url: string;
  startedAt: number;
}

export function pidFilePath(home: string): string {
  return join(home, pidFileName);
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** The running server's record; a stale file (its process gone) is removed and reads as none. */
export function readPidFile(home: string): PidRecord | undefined {
  const path = pidFilePath(home);
  if (!existsSync(path)) return undefined;
  let record: PidRecord;
  try {
    record = JSON.parse(readFileSync(path, 'utf8')) as PidRecord;
  } catch {
    rmSync(path, { force: true });
    return undefined;
  }
  if (!Number.isInteger(record.pid) || !isProcessAlive(record.pid)) {
    rmSync(path, { force: true });
    return undefined;
  }
  return record;
}

export function writePidFile(home: string, record: PidRecord): void {
  writeFileAtomic.sync(pidFilePath(home), JSON.stringify(record), { mode: 0o600 });
}

/** Remove the file if it still names this process (a newer server may have replaced it). */
export function removePidFile(home: string, pid = process.pid): void {
  const path = pidFilePath(home);
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as PidRecord;
    if (record.pid === pid) rmSync(path, { force: true });
  } catch {
    // Already gone.
  }
}
