/**
 * One-click tool setup, as core operations the dashboard, the tray and `switchyard setup` share:
 * preview (a unified diff, secrets masked), apply (timestamped backup beside the file first, then an
 * atomic write) and restore (the latest backup goes back; a file we created is removed). A file that
 * does not parse is never touched. `home` is the user's home directory (tests pass a temp one).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { z } from 'zod';
import {
  toolIds,
  type ToolId,
  type toolRestoreResultSchema,
  type toolSetupListSchema,
  type toolSetupPreviewSchema,
  type toolSetupResultSchema,
} from '../../../shared/tool-setup-schemas.js';
import { BadRequestError } from '../errors/switchyard-error.js';
import { aiderSetup } from './aider-setup.js';
import { claudeCodeSetup } from './claude-code-setup.js';
import { codexSetup } from './codex-setup.js';
import { createBackup, latestBackup, listBackups, removeBackup } from './config-backups.js';
import { continueSetup } from './continue-setup.js';
import type { ToolConfigurator, ToolSetupTarget } from './tool-configurator.js';
import { unifiedDiff } from './unified-diff.js';

export type { ToolSetupTarget } from './tool-configurator.js';

export { toolIds, type ToolId };

export const toolConfigurators: readonly ToolConfigurator[] = [claudeCodeSetup, codexSetup, continueSetup, aiderSetup];

/** Tools without a documented config file: setup explains what to do by hand instead. */
export const manualTools: ReadonlyArray<{ id: string; displayName: string; reason: string }> = [
  {
    id: 'cline',
    displayName: 'Cline',
    reason:
      "Cline keeps its provider settings in VS Code's extension storage (globalState and SecretStorage), not in a documented config file, so Switchyard does not write them. In Cline's settings choose \"OpenAI Compatible\", base URL <endpoint>/v1, and your client key.",
  },
];

export interface ToolSetupOptions {
  /** The user's home directory. */
  home: string;
  target: ToolSetupTarget;
  now?: () => Date;
}

export type ToolSetupPreview = z.infer<typeof toolSetupPreviewSchema>;
export type ToolSetupResult = z.infer<typeof toolSetupResultSchema>;
export type ToolRestoreResult = z.infer<typeof toolRestoreResultSchema>;
export type ToolSetupStatus = z.infer<typeof toolSetupListSchema>['tools'][number];

function configurator(tool: string): ToolConfigurator {
  const found = toolConfigurators.find((candidate) => candidate.id === tool);
  if (!found) {
    const manual = manualTools.find((candidate) => candidate.id === tool);
    if (manual) throw new BadRequestError(manual.reason, 'tool');
    throw new BadRequestError(`Unknown tool "${tool}". Known tools: ${toolIds.join(', ')}.`, 'tool');
  }
  return found;
}

const secretKeyName = /(api[_-]?key|apikey|auth[_-]?token|access[_-]?token|refresh[_-]?token|bearer[_-]?token|secret|password)/i;

/** Masks the client key, and the values of keys that look secret, in diff lines. */
export function maskSecrets(diff: string, clientKey: string): string {
  const masked = clientKey ? diff.split(clientKey).join('<switchyard client key>') : diff;
  return masked
    .split('\n')
    .map((line) => {
      const match = /^([-+ ](?:\s*#)?(?:\s*-\s+)?\s*["']?([\w.-]+)["']?\s*[:=]\s*)(.+?)(,?)$/.exec(line);
      if (!match || !secretKeyName.test(match[2]) || match[3].includes('<switchyard client key>') || line.startsWith('---') || line.startsWith('+++')) return line;
      return `${match[1]}"<hidden>"${match[4]}`;
    })
    .join('\n');
}

function readCurrent(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function plan(tool: string, options: ToolSetupOptions) {
  const setup = configurator(tool);
  const path = setup.configPath(options.home);
  const current = readCurrent(path);
  const next = setup.render(current, options.target, path);
  const diff = unifiedDiff(current ?? '', next, { before: current === undefined ? '/dev/null' : path, after: path });
  const preview: ToolSetupPreview = {
    tool: setup.id,
    displayName: setup.displayName,
    path,
    exists: current !== undefined,
    changed: current !== next,
    diff: maskSecrets(diff, options.target.clientKey),
    usage: setup.usage,
  };
  return { preview, next, current };
}

export function previewToolSetup(tool: string, options: ToolSetupOptions): ToolSetupPreview {
  return plan(tool, options).preview;
}

export function applyToolSetup(tool: string, options: ToolSetupOptions): ToolSetupResult {
  const { preview, next } = plan(tool, options);
  if (!preview.changed) return preview;
  mkdirSync(dirname(preview.path), { recursive: true, mode: 0o700 });
  const backup = createBackup(preview.path, (options.now ?? (() => new Date()))());
  // Keep the file's mode; a new file holds the client key, so only its owner may read it.
  const mode = preview.exists ? statSync(preview.path).mode & 0o777 : 0o600;
  writeFileAtomic.sync(preview.path, next, { mode });
  return { ...preview, backupPath: backup.path };
}

export function restoreToolSetup(tool: string, options: { home: string; clientKey?: string }): ToolRestoreResult {
  const setup = configurator(tool);
  const path = setup.configPath(options.home);
  const backup = latestBackup(path);
  if (!backup) return { tool: setup.id, path, restored: false, removed: false, diff: '' };
  const current = readCurrent(path) ?? '';
  const previous = backup.absent ? '' : readFileSync(backup.path, 'utf8');
  if (backup.absent) rmSync(path, { force: true });
  // write-file-atomic keeps the mode of an existing file; a re-created one is the owner's only.
  else writeFileAtomic.sync(path, previous, existsSync(path) ? {} : { mode: 0o600 });
  // The backup is consumed, so a second restore walks one step further back.
  removeBackup(backup);
  const diff = unifiedDiff(current, previous, { before: path, after: backup.absent ? '/dev/null' : path });
  return { tool: setup.id, path, restored: true, removed: backup.absent, backupPath: backup.path, diff: maskSecrets(diff, options.clientKey ?? '') };
}

export function listToolSetups(home: string): ToolSetupStatus[] {
  return toolConfigurators.map((setup) => {
    const path = setup.configPath(home);
    return { tool: setup.id, displayName: setup.displayName, path, exists: existsSync(path), backups: listBackups(path).length };
  });
}
