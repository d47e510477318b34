import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../bin/switchyard.js', import.meta.url));
const directories: string[] = [];

function temp(prefix: string): string {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

async function switchyard(home: string, data: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      env: { ...process.env, HOME: home, SWITCHYARD_HOME: data, SWITCHYARD_KEYRING: 'off', SWITCHYARD_PORT: '9123' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('switchyard setup (headless, no server running)', () => {
  it('shows the diff, writes with --yes, and --restore puts the old file back', async () => {
    const home = temp('switchyard-cli-home-');
    const data = temp('switchyard-cli-data-');
    const path = join(home, '.claude', 'settings.json');
    mkdirSync(join(home, '.claude'));
    writeFileSync(path, '{"model": "opus"}\n');

    const dryRun = await switchyard(home, data, 'setup', 'claude-code', '--dry-run');
    expect(dryRun.code).toBe(0);
    expect(dryRun.stdout).toContain('+    "ANTHROPIC_BASE_URL": "http://127.0.0.1:9123"');
    expect(dryRun.stdout).toContain('<switchyard client key>');
    expect(readFileSync(path, 'utf8')).toBe('{"model": "opus"}\n');

    const refused = await switchyard(home, data, 'setup', 'claude-code');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--yes/);

    const applied = await switchyard(home, data, 'setup', 'claude-code', '--yes');
    expect(applied.code).toBe(0);
    const key = (await switchyard(home, data, 'key')).stdout.trim();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ model: 'opus', env: { ANTHROPIC_BASE_URL: 'http://127.0.0.1:9123', ANTHROPIC_AUTH_TOKEN: key } });
    expect(applied.stdout).not.toContain(key);

    const restored = await switchyard(home, data, 'setup', 'claude-code', '--restore');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain('Restored');
    expect(readFileSync(path, 'utf8')).toBe('{"model": "opus"}\n');
  });

  it('refuses a config file that does not parse', async () => {
    const home = temp('switchyard-cli-home-');
    const data = temp('switchyard-cli-data-');
    mkdirSync(join(home, '.codex'));
    writeFileSync(join(home, '.codex', 'config.toml'), 'model = \n');
    const result = await switchyard(home, data, 'setup', 'codex', '--yes');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not valid TOML/);
    expect(readFileSync(join(home, '.codex', 'config.toml'), 'utf8')).toBe('model = \n');
    expect(existsSync(join(home, '.aider.conf.yml'))).toBe(false);
  });
});
