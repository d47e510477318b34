/**
 * Claude Code: `~/.claude/settings.json`, whose `env` object Claude Code applies to every session.
 * We set ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN (and ANTHROPIC_MODEL when a model is chosen);
 * every other setting and env entry is kept as it was.
 */
import { join } from 'node:path';
import { isRecord } from '../canonical/json-values.js';
import { ToolConfigError, lineEndingOf, type ToolConfigurator } from './tool-configurator.js';
import { loadJsonObject } from './yaml-managed-block.js';

function indentOf(text: string): string | number {
  const match = /^\{\r?\n([ \t]+)"/.exec(text);
  return match ? match[1] : 2;
}

export const claudeCodeSetup: ToolConfigurator = {
  id: 'claude-code',
  displayName: 'Claude Code',
  usage: 'Start `claude` as usual; it now talks to Switchyard.',
  configPath: (home) => join(home, '.claude', 'settings.json'),
  render(current, target, path) {
    const settings: Record<string, unknown> = current !== undefined && current.trim() !== '' ? loadJsonObject(current, path) : {};
    const env = settings.env ?? {};
    if (!isRecord(env)) throw new ToolConfigError(`"env" in ${path} is not an object, so the file was left untouched.`);
    const next = {
      ...settings,
      env: {
        ...env,
        ANTHROPIC_BASE_URL: target.baseUrl,
        ANTHROPIC_AUTH_TOKEN: target.clientKey,
        ...(target.model ? { ANTHROPIC_MODEL: target.model } : {}),
      },
    };
    const eol = lineEndingOf(current);
    return `${JSON.stringify(next, null, current ? indentOf(current) : 2).replace(/\n/g, eol)}${eol}`;
  },
};
