/**
 * `switchyard setup <tool>`: point a local tool at Switchyard by writing its config file (a backup is
 * taken first), `--restore` to put the previous file back, `--dry-run` to only show the diff. Works
 * without the server running: the endpoint comes from the settings and the key from the vault.
 */
import { homedir } from 'node:os';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { createConfBackend, createSettingsStore } from '../core/config/settings-store.js';
import { ensureSwitchyardHome, resolveSwitchyardHome } from '../core/config/switchyard-home.js';
import { ensureAccessKeys } from '../core/vault/client-keys.js';
import { openHeadlessVault } from '../core/vault/open-vault.js';
import {
  applyToolSetup,
  listToolSetups,
  manualTools,
  previewToolSetup,
  restoreToolSetup,
  toolIds,
  type ToolSetupTarget,
} from '../core/tool-setup/tool-setup.js';

export interface SetupCommandOptions {
  restore?: boolean;
  dryRun?: boolean;
  yes?: boolean;
  model?: string;
  envKey?: string;
}

async function targetFromHome(options: SetupCommandOptions): Promise<ToolSetupTarget> {
  const home = ensureSwitchyardHome(resolveSwitchyardHome(process.env));
  const settings = createSettingsStore(createConfBackend(home), process.env).get();
  const keys = await ensureAccessKeys(await openHeadlessVault(process.env), process.env);
  return {
    baseUrl: `http://127.0.0.1:${settings.port}`,
    clientKey: keys.clientKey,
    ...(options.model ? { model: options.model } : {}),
    ...(options.envKey ? { keyEnvVar: options.envKey } : {}),
  };
}

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

function listTools(): void {
  const out = process.stdout;
  out.write('Tools switchyard setup can configure:\n');
  for (const status of listToolSetups(homedir())) {
    const state = status.exists ? 'exists' : 'not created yet';
    out.write(`  ${status.tool.padEnd(12)} ${status.path} (${state}${status.backups > 0 ? `, ${status.backups} backup(s)` : ''})\n`);
  }
  for (const tool of manualTools) out.write(`  ${tool.id.padEnd(12)} by hand: ${tool.reason}\n`);
}

export async function setupCommand(tool: string | undefined, options: SetupCommandOptions): Promise<void> {
  const out = process.stdout;
  if (!tool) {
    listTools();
    return;
  }
  const home = homedir();
  if (options.restore) {
    let clientKey = '';
    try {
      clientKey = (await targetFromHome(options)).clientKey;
    } catch {
      // Only used to mask the diff; the restore itself needs no key.
    }
    if (options.dryRun) throw new Error('--dry-run and --restore cannot be combined');
    const result = restoreToolSetup(tool, { home, clientKey });
    if (!result.restored) {
      out.write(`No Switchyard backup of ${result.path} to restore.\n`);
      return;
    }
    if (clientKey) out.write(result.diff);
    out.write(result.removed ? `Removed ${result.path} (it did not exist before setup).\n` : `Restored ${result.path} from ${result.backupPath}.\n`);
    return;
  }
  const target = await targetFromHome(options);
  const preview = previewToolSetup(tool, { home, target });
  if (!preview.changed) {
    out.write(`${preview.displayName} already uses Switchyard (${preview.path}).\n`);
    return;
  }
  out.write(preview.diff);
  if (options.dryRun) {
    out.write(`Dry run: ${preview.path} was not changed.\n`);
    return;
  }
  if (!options.yes) {
    if (!process.stdin.isTTY) throw new Error('not a terminal: run again with --yes to write the file, or --dry-run to only look');
    if (!(await confirm(`Write ${preview.path}? A backup is kept beside it. [y/N] `))) {
      out.write('Nothing was changed.\n');
      return;
    }
  }
  const result = applyToolSetup(tool, { home, target });
  out.write(`Wrote ${result.path}${result.backupPath ? `; the previous state is kept in ${result.backupPath}` : ''}.\n`);
  out.write(`${result.usage} Undo with \`switchyard setup ${tool} --restore\`.\n`);
}

export function registerSetupCommand(program: Command): void {
  program
    .command('setup')
    .argument('[tool]', `${toolIds.join(', ')} (without a tool: list them)`)
    .description('write a local tool’s config so it uses Switchyard (backup first); --restore undoes it')
    .option('--restore', 'put back the config file as it was before the last setup')
    .option('--dry-run', 'show the diff and change nothing')
    .option('-y, --yes', 'write without asking')
    .option('--model <model>', 'the model the tool should ask for (Continue, Aider, Codex profile, Claude Code)')
    .option('--env-key <name>', 'Codex: read the client key from this environment variable instead of writing it into config.toml')
    .action((tool: string | undefined, options: SetupCommandOptions) => setupCommand(tool, options));
}
