/**
 * Continue: `~/.continue/config.yaml` (its current format), or the legacy `config.json` when that is
 * the only one present (a new config.yaml would replace it wholesale, since Continue loads the YAML
 * file instead). We add one model, "Switchyard", speaking OpenAI to `<endpoint>/v1`, first in the list.
 * In YAML it sits between marker comments so it can be replaced and nothing else moves.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../canonical/json-values.js';
import { ToolConfigError, canonicalJson, lineEndingOf, type ToolConfigurator, type ToolSetupTarget } from './tool-configurator.js';
import { beginComment, blockEnd, loadJsonObject, loadYamlMapping, withoutManagedBlock, yamlString } from './yaml-managed-block.js';

export const continueDefaultModel = 'claude-sonnet-4-5';
const modelName = 'Switchyard';

function ourModel(target: ToolSetupTarget) {
  return {
    name: modelName,
    provider: 'openai',
    model: target.model ?? continueDefaultModel,
    apiBase: `${target.baseUrl}/v1`,
    apiKey: target.clientKey,
    roles: ['chat', 'edit', 'apply'],
  };
}

function yamlBlock(target: ToolSetupTarget, indent: string): string[] {
  const model = ourModel(target);
  const inner = `${indent}  `;
  return [
    `${indent}${beginComment('continue')}`,
    `${indent}- name: ${yamlString(model.name)}`,
    `${inner}provider: ${yamlString(model.provider)}`,
    `${inner}model: ${yamlString(model.model)}`,
    `${inner}apiBase: ${yamlString(model.apiBase)}`,
    `${inner}apiKey: ${yamlString(model.apiKey)}`,
    `${inner}roles: [${model.roles.map(yamlString).join(', ')}]`,
    `${indent}${blockEnd}`,
  ];
}

function renderYaml(current: string | undefined, target: ToolSetupTarget, path: string): string {
  const eol = lineEndingOf(current);
  if (current === undefined || current.trim() === '') {
    const lines = ['name: Local config', 'version: 1.0.0', 'schema: v1', 'models:', ...yamlBlock(target, '  ')];
    return `${lines.join(eol)}${eol}`;
  }
  const { lines, baseline } = withoutManagedBlock(current, path);
  if (baseline.models !== undefined && baseline.models !== null && !Array.isArray(baseline.models)) {
    throw new ToolConfigError(`"models" in ${path} is not a list, so the file was left untouched.`);
  }
  const modelsLine = lines.findIndex((line) => /^models:\s*(#.*)?$/.test(line));
  if (modelsLine < 0) {
    if (baseline.models !== undefined) {
      throw new ToolConfigError(`"models" in ${path} is written in a form Switchyard does not edit (flow style); add the Switchyard model by hand.`);
    }
    lines.push('models:', ...yamlBlock(target, '  '));
  } else {
    const next = lines.slice(modelsLine + 1).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
    const itemIndent = next !== undefined && /^(\s*)- /.test(next) ? (/^(\s*)/.exec(next)?.[1] ?? '  ') : '  ';
    lines.splice(modelsLine + 1, 0, ...yamlBlock(target, itemIndent));
  }
  const rendered = `${lines.join(eol)}${eol}`;
  const after = loadYamlMapping(rendered, path);
  const models = Array.isArray(after.models) ? after.models : [];
  const baselineModels = Array.isArray(baseline.models) ? baseline.models : [];
  const ok =
    canonicalJson(models[0]) === canonicalJson(ourModel(target)) &&
    canonicalJson(models.slice(1)) === canonicalJson(baselineModels) &&
    canonicalJson({ ...after, models: undefined }) === canonicalJson({ ...baseline, models: undefined });
  if (!ok) throw new ToolConfigError(`The edit of ${path} did not verify, so nothing was written. Add the Switchyard model by hand.`);
  return rendered;
}

function renderJson(current: string, target: ToolSetupTarget, path: string): string {
  const parsed = loadJsonObject(current, path);
  const models = parsed.models ?? [];
  if (!Array.isArray(models)) throw new ToolConfigError(`"models" in ${path} is not a list, so the file was left untouched.`);
  const model = ourModel(target);
  const entry = { title: model.name, provider: model.provider, model: model.model, apiBase: model.apiBase, apiKey: model.apiKey };
  const others = models.filter((item: unknown) => !(isRecord(item) && item.title === modelName));
  const eol = lineEndingOf(current);
  return `${JSON.stringify({ ...parsed, models: [entry, ...others] }, null, 2).replace(/\n/g, eol)}${eol}`;
}

export const continueSetup: ToolConfigurator = {
  id: 'continue',
  displayName: 'Continue',
  usage: 'Pick the "Switchyard" model in Continue.',
  configPath(home) {
    const yaml = join(home, '.continue', 'config.yaml');
    const json = join(home, '.continue', 'config.json');
    return !existsSync(yaml) && existsSync(json) ? json : yaml;
  },
  render(current, target, path) {
    return path.endsWith('.json') ? renderJson(current ?? '{}', target, path) : renderYaml(current, target, path);
  },
};
