/**
 * Aider: `~/.aider.conf.yml` (its keys are the command-line switches). We set `openai-api-base`,
 * `openai-api-key` and `model: openai/<model>` between marker comments at the end of the file; the
 * same keys set elsewhere in the file are commented out (YAML refuses duplicate keys), so a restore
 * or a glance at the file shows what they were.
 */
import { join } from 'node:path';
import { ToolConfigError, canonicalJson, lineEndingOf, type ToolConfigurator, type ToolSetupTarget } from './tool-configurator.js';
import { beginComment, blockEnd, loadYamlMapping, withoutManagedBlock, yamlString } from './yaml-managed-block.js';

export const aiderDefaultModel = 'claude-sonnet-4-5';

function ourValues(target: ToolSetupTarget): Record<string, string> {
  return {
    'openai-api-base': `${target.baseUrl}/v1`,
    'openai-api-key': target.clientKey,
    model: `openai/${target.model ?? aiderDefaultModel}`,
  };
}

function withoutKeys(value: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

export const aiderSetup: ToolConfigurator = {
  id: 'aider',
  displayName: 'Aider',
  usage: 'Run `aider` as usual; it now talks to Switchyard.',
  configPath: (home) => join(home, '.aider.conf.yml'),
  render(current, target, path) {
    const values = ourValues(target);
    const keys = Object.keys(values);
    const eol = lineEndingOf(current);
    const { lines: kept, baseline } = withoutManagedBlock(current, path);
    const lines = kept.map((line, index) => {
      const key = keys.find((candidate) => line.startsWith(`${candidate}:`) || line.startsWith(`"${candidate}":`));
      if (!key) return line;
      const next = kept[index + 1];
      if (next !== undefined && /^\s+\S/.test(next) && !next.trimStart().startsWith('#')) {
        throw new ToolConfigError(`"${key}" in ${path} spans several lines; Switchyard does not edit it. Remove it and run setup again.`);
      }
      return `# ${line}  # replaced by Switchyard setup`;
    });
    while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
    if (lines.length > 0) lines.push('');
    lines.push(beginComment('aider'), ...keys.map((key) => `${key}: ${yamlString(values[key])}`), blockEnd);
    const rendered = `${lines.join(eol)}${eol}`;
    const after = loadYamlMapping(rendered, path);
    const ok =
      keys.every((key) => after[key] === values[key]) && canonicalJson(withoutKeys(after, keys)) === canonicalJson(withoutKeys(baseline, keys));
    if (!ok) throw new ToolConfigError(`The edit of ${path} did not verify, so nothing was written. Add the Switchyard settings by hand.`);
    return rendered;
  },
};
