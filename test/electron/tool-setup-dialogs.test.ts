import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fake } from './fake-electron.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const { ToolSetupDialogs } = await import('../../electron/main/tool-setup-dialogs.js');

let home: string;
const target = () => ({ baseUrl: 'http://127.0.0.1:8317', clientKey: 'sy-0123456789abcdef0123456789abcdef' });
beforeEach(() => {
  fake.reset();
  home = mkdtempSync(join(tmpdir(), 'switchyard-tool-dialogs-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('tool setup from the tray', () => {
  it('shows the diff, with the key masked, and writes nothing when cancelled', async () => {
    fake.dialog.response = 1;
    expect(await new ToolSetupDialogs({ home, target }).setup('codex')).toBe(false);
    const [box] = fake.dialog.messageBoxes;
    expect(box.message).toBe(`Write ${join(home, '.codex', 'config.toml')}?`);
    expect(String(box.detail)).toContain('+[model_providers.switchyard]');
    expect(String(box.detail)).not.toContain(target().clientKey);
    expect(existsSync(join(home, '.codex'))).toBe(false);
  });

  it('writes when confirmed, and restores when asked', async () => {
    const dialogs = new ToolSetupDialogs({ home, target });
    fake.dialog.response = 0;
    expect(await dialogs.setup('claude-code')).toBe(true);
    expect(readFileSync(join(home, '.claude', 'settings.json'), 'utf8')).toContain(target().clientKey);
    expect(fake.notifications.at(-1)?.title).toBe('Claude Code now uses Switchyard');
    expect(await dialogs.setup('claude-code')).toBe(false);
    expect(fake.dialog.messageBoxes).toHaveLength(1);
    expect(await dialogs.restore('claude-code')).toBe(true);
    expect(existsSync(join(home, '.claude', 'settings.json'))).toBe(false);
  });
});
