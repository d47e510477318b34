import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { load } from 'js-yaml';
import { parseToml } from './toml-document.js';
import { applyToolSetup, listToolSetups, previewToolSetup, restoreToolSetup, toolConfigurators, toolIds, type ToolId } from './tool-setup.js';

const clientKey = 'sy-0123456789abcdef0123456789abcdef';
const target = { baseUrl: 'http://127.0.0.1:8317', clientKey };
const homes: string[] = [];

function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'switchyard-tools-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

let tick = 0;
const options = (home: string, extra: Partial<typeof target> & { model?: string; keyEnvVar?: string } = {}) => ({
  home,
  target: { ...target, ...extra },
  now: () => new Date(Date.UTC(2025, 10, 26, 2, 10, 0, tick++)),
});

const paths: Record<ToolId, string> = {
  'claude-code': '.claude/settings.json',
  codex: '.codex/config.toml',
  continue: '.continue/config.yaml',
  aider: '.aider.conf.yml',
};

/** An existing config of each tool, with something of the user's that must survive. */
const existing: Record<ToolId, string> = {
  'claude-code': JSON.stringify({ model: 'opus', env: { DISABLE_TELEMETRY: '1' }, permissions: { allow: ['Bash(ls:*)'] } }, null, 2) + '\n',
  codex: '# my codex config\nmodel = "gpt-5-codex"\napproval_policy = "on-request"\n\n[mcp_servers.docs]\ncommand = "npx" # keep me\nargs = ["-y", "docs-mcp"]\n',
  continue: 'name: Mine\nversion: 0.0.1\nschema: v1\nmodels:\n  # my local model\n  - name: Local\n    provider: ollama\n    model: llama3.2\ncontext:\n  - provider: code\n',
  aider: '# aider settings\ndark-mode: true\nopenai-api-key: sk-real-openai-key\nauto-commits: false\n',
};

/** Text that each tool's parser refuses. */
const broken: Record<ToolId, string> = {
  'claude-code': '{ "env": { "A": "1", } ',
  codex: '[model_providers.switchyard]\nname = "x"\nname = "y"\n',
  continue: 'models:\n  - name: a\n   provider: broken indentation\n',
  aider: 'model: a\nmodel: b\n',
};

function configured(tool: ToolId, text: string): void {
  if (tool === 'claude-code') {
    const settings = JSON.parse(text) as { env: Record<string, string> };
    expect(settings.env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:8317');
    expect(settings.env.ANTHROPIC_AUTH_TOKEN).toBe(clientKey);
  } else if (tool === 'codex') {
    const value = parseToml(text).value as Record<string, Record<string, Record<string, unknown>>>;
    expect(value.model_provider).toBe('switchyard');
    expect(value.model_providers.switchyard).toMatchObject({ base_url: 'http://127.0.0.1:8317/v1', wire_api: 'responses', experimental_bearer_token: clientKey });
    expect(value.profiles.switchyard).toMatchObject({ model_provider: 'switchyard' });
  } else if (tool === 'continue') {
    const config = load(text) as { models: Array<Record<string, unknown>> };
    expect(config.models[0]).toMatchObject({ name: 'Switchyard', provider: 'openai', apiBase: 'http://127.0.0.1:8317/v1', apiKey: clientKey });
  } else {
    const config = load(text) as Record<string, unknown>;
    expect(config['openai-api-base']).toBe('http://127.0.0.1:8317/v1');
    expect(config['openai-api-key']).toBe(clientKey);
    expect(config.model).toBe('openai/claude-sonnet-4-5');
  }
}

describe.each(Object.keys(paths) as ToolId[])('one-click setup of %s', (tool) => {
  it('writes a new config, and restore removes it again', () => {
    const home = tempHome();
    const path = join(home, paths[tool]);
    const preview = previewToolSetup(tool, options(home));
    expect(preview).toMatchObject({ path, exists: false, changed: true });
    expect(preview.diff).toContain('--- /dev/null');
    expect(preview.diff).not.toContain(clientKey);
    expect(existsSync(path)).toBe(false);

    const result = applyToolSetup(tool, options(home));
    configured(tool, readFileSync(path, 'utf8'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(result.backupPath).toMatch(/\.switchyard-backup-\d{8}T\d{9}Z\.absent$/);

    const restored = restoreToolSetup(tool, { home, clientKey });
    expect(restored).toMatchObject({ restored: true, removed: true });
    expect(existsSync(path)).toBe(false);
  });

  it('backs up an existing config, keeps what is not ours, and restores it byte for byte', () => {
    const home = tempHome();
    const path = join(home, paths[tool]);
    write(path, existing[tool]);
    const result = applyToolSetup(tool, options(home));
    const written = readFileSync(path, 'utf8');
    configured(tool, written);
    expect(readFileSync(result.backupPath ?? '', 'utf8')).toBe(existing[tool]);
    expect(statSync(result.backupPath ?? '').mode & 0o777).toBe(0o600);
    // Applying again changes nothing and takes no second backup.
    expect(applyToolSetup(tool, options(home)).changed).toBe(false);
    expect(listToolSetups(home).find((status) => status.tool === tool)?.backups).toBe(1);

    const restored = restoreToolSetup(tool, { home, clientKey });
    expect(restored).toMatchObject({ restored: true, removed: false });
    expect(readFileSync(path, 'utf8')).toBe(existing[tool]);
    expect(restoreToolSetup(tool, { home }).restored).toBe(false);
  });

  it('refuses a config that does not parse and leaves it untouched', () => {
    const home = tempHome();
    const path = join(home, paths[tool]);
    write(path, broken[tool]);
    expect(() => previewToolSetup(tool, options(home))).toThrow(/left untouched/);
    expect(() => applyToolSetup(tool, options(home))).toThrow(/left untouched/);
    expect(readFileSync(path, 'utf8')).toBe(broken[tool]);
    expect(readdirSync(dirname(path)).filter((name) => name.includes('switchyard-backup'))).toEqual([]);
  });
});

describe('tool setup details', () => {
  it('keeps the rest of a Claude Code settings file', () => {
    const home = tempHome();
    write(join(home, paths['claude-code']), existing['claude-code']);
    applyToolSetup('claude-code', options(home, { model: 'claude-sonnet-4-5' }));
    const settings = JSON.parse(readFileSync(join(home, paths['claude-code']), 'utf8')) as Record<string, unknown>;
    expect(settings).toMatchObject({ model: 'opus', permissions: { allow: ['Bash(ls:*)'] }, env: { DISABLE_TELEMETRY: '1', ANTHROPIC_MODEL: 'claude-sonnet-4-5' } });
  });

  it('edits only our Codex tables, keeps comments, and switches between inline key and env_key', () => {
    const home = tempHome();
    const path = join(home, paths.codex);
    write(path, existing.codex);
    applyToolSetup('codex', options(home));
    const first = readFileSync(path, 'utf8');
    expect(first.startsWith('# my codex config\nmodel = "gpt-5-codex"\napproval_policy = "on-request"\nmodel_provider = "switchyard"\n')).toBe(true);
    expect(first).toContain('command = "npx" # keep me');

    applyToolSetup('codex', options(home, { keyEnvVar: 'SWITCHYARD_KEY', model: 'gpt-5-codex' }));
    const second = readFileSync(path, 'utf8');
    const value = parseToml(second).value as Record<string, Record<string, Record<string, unknown>>>;
    expect(value.model_providers.switchyard.env_key).toBe('SWITCHYARD_KEY');
    expect(value.model_providers.switchyard.experimental_bearer_token).toBeUndefined();
    expect(value.profiles.switchyard.model).toBe('gpt-5-codex');
    expect(second).not.toContain(clientKey);
    expect(second.match(/\[model_providers\.switchyard\]/g)).toHaveLength(1);
  });

  it('keeps keys of its own a user added to our Codex table, and replaces an earlier model_provider', () => {
    const home = tempHome();
    const path = join(home, paths.codex);
    write(path, 'model_provider = "openai"\n\n[model_providers.switchyard]\nname = "old"\nrequest_max_retries = 4\n');
    applyToolSetup('codex', options(home));
    const value = parseToml(readFileSync(path, 'utf8')).value as Record<string, Record<string, Record<string, unknown>>>;
    expect(value.model_provider).toBe('switchyard');
    expect(value.model_providers.switchyard).toMatchObject({ name: 'Switchyard', request_max_retries: 4 });
  });

  it('refuses a Codex config that holds our provider inline', () => {
    const home = tempHome();
    const path = join(home, paths.codex);
    const text = 'model_providers = { switchyard = { name = "x" } }\n';
    write(path, text);
    expect(() => applyToolSetup('codex', options(home))).toThrow(/inline/);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('keeps CRLF line endings', () => {
    const home = tempHome();
    const path = join(home, paths.codex);
    write(path, 'model = "o3"\r\n\r\n[tui]\r\nnotifications = true\r\n');
    applyToolSetup('codex', options(home));
    const text = readFileSync(path, 'utf8');
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('replaces its own Continue entry instead of adding a second one, and edits config.json when it is the only file', () => {
    const home = tempHome();
    write(join(home, paths.continue), existing.continue);
    applyToolSetup('continue', options(home));
    applyToolSetup('continue', options(home, { model: 'local/qwen3' }));
    const config = load(readFileSync(join(home, paths.continue), 'utf8')) as { models: Array<Record<string, unknown>> };
    expect(config.models.map((model) => model.name)).toEqual(['Switchyard', 'Local']);
    expect(config.models[0].model).toBe('local/qwen3');

    const jsonHome = tempHome();
    const jsonPath = join(jsonHome, '.continue/config.json');
    write(jsonPath, JSON.stringify({ models: [{ title: 'GPT', provider: 'openai', model: 'gpt-4o' }], allowAnonymousTelemetry: false }));
    const result = applyToolSetup('continue', options(jsonHome));
    expect(result.path).toBe(jsonPath);
    const legacy = JSON.parse(readFileSync(jsonPath, 'utf8')) as { models: Array<Record<string, unknown>>; allowAnonymousTelemetry: boolean };
    expect(legacy.models.map((model) => model.title)).toEqual(['Switchyard', 'GPT']);
    expect(legacy.allowAnonymousTelemetry).toBe(false);
    expect(existsSync(join(jsonHome, paths.continue))).toBe(false);
  });

  it('comments out Aider keys it replaces, and masks their values in the diff', () => {
    const home = tempHome();
    write(join(home, paths.aider), existing.aider);
    const preview = previewToolSetup('aider', options(home));
    expect(preview.diff).not.toContain('sk-real-openai-key');
    expect(preview.diff).toContain('<switchyard client key>');
    applyToolSetup('aider', options(home));
    const text = readFileSync(join(home, paths.aider), 'utf8');
    expect(text).toContain('# openai-api-key: sk-real-openai-key  # replaced by Switchyard setup');
    expect((load(text) as Record<string, unknown>)['dark-mode']).toBe(true);
  });

  it('has one configurator per tool id of the contract', () => {
    expect(toolConfigurators.map((setup) => setup.id)).toEqual([...toolIds]);
  });

  it('explains why Cline is set up by hand, and refuses unknown tools', () => {
    const home = tempHome();
    expect(() => previewToolSetup('cline', options(home))).toThrow(/VS Code's extension storage/);
    expect(() => previewToolSetup('cursor', options(home))).toThrow(/Unknown tool/);
  });
});
