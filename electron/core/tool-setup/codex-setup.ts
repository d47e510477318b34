/**
 * Codex CLI: `~/.codex/config.toml`. We own three things: the `[model_providers.switchyard]` table
 * (`wire_api = "responses"`, base URL, and the key inline or via `env_key`), the `[profiles.switchyard]`
 * table, and the root `model_provider = "switchyard"` that makes Codex use it by default. They are
 * edited textually (comments and everything else stay byte for byte), after a strict parse of the
 * file, and the result is parsed again and compared with the original before anything is written.
 * No TOML library is installed; toml-document.ts is a strict reader for this purpose.
 */
import { join } from 'node:path';
import { isRecord } from '../canonical/json-values.js';
import { TomlParseError, parseToml, tomlString, type TomlDocument, type TomlValue } from './toml-document.js';
import { ToolConfigError, canonicalJson, lineEndingOf, splitLines, type ToolConfigurator, type ToolSetupTarget } from './tool-configurator.js';

const providerTable = ['model_providers', 'switchyard'];
const profileTable = ['profiles', 'switchyard'];
/** Keys we write in each table; the others stay. `env_key` and the inline token replace each other. */
const providerKeys = ['name', 'base_url', 'wire_api', 'env_key', 'experimental_bearer_token'];
/** `model` is ours only when setup chooses one; otherwise the user's stays. */
const profileKeysFor = (target: ToolSetupTarget) => (target.model ? ['model_provider', 'model'] : ['model_provider']);

function providerLines(target: ToolSetupTarget): string[] {
  return [
    `name = ${tomlString('Switchyard')}`,
    `base_url = ${tomlString(`${target.baseUrl}/v1`)}`,
    `wire_api = ${tomlString('responses')}`,
    target.keyEnvVar ? `env_key = ${tomlString(target.keyEnvVar)}` : `experimental_bearer_token = ${tomlString(target.clientKey)}`,
  ];
}

function profileLines(target: ToolSetupTarget): string[] {
  return [`model_provider = ${tomlString('switchyard')}`, ...(target.model ? [`model = ${tomlString(target.model)}`] : [])];
}

function parseOrRefuse(text: string, path: string, what: string): TomlDocument {
  try {
    return parseToml(text);
  } catch (error) {
    const detail = error instanceof TomlParseError ? error.message : String(error);
    throw new ToolConfigError(`${path} ${what}: ${detail}`);
  }
}

interface LineEdit {
  start: number;
  deleteCount: number;
  insert: string[];
}

function sameKey(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((part, index) => part === right[index]);
}

/** Edits for one of our tables: rewrite our keys under its header, or append the table. */
function tableEdits(document: TomlDocument, table: string[], managedKeys: string[], body: string[], lineCount: number, path: string): LineEdit[] {
  const origin = document.tableOrigin(table);
  const name = table.join('.');
  if (origin === 'dotted' || origin === 'inline') {
    throw new ToolConfigError(`${path} defines ${name} with dotted keys or inline; Switchyard only edits a [${name}] table. Change it by hand.`);
  }
  const header = document.headers.find((entry) => !entry.array && sameKey(entry.path, table));
  if (origin !== 'header' || !header) return [{ start: lineCount, deleteCount: 0, insert: ['', `[${name}]`, ...body] }];
  const edits: LineEdit[] = document.keyValues
    .filter((pair) => sameKey(pair.table, table) && managedKeys.includes(pair.key[0]))
    .map((pair) => ({ start: pair.startLine, deleteCount: pair.endLine - pair.startLine + 1, insert: [] }));
  edits.push({ start: header.line + 1, deleteCount: 0, insert: body });
  return edits;
}

function rootKeyEdit(document: TomlDocument, lineCount: number): LineEdit {
  const line = `model_provider = ${tomlString('switchyard')}`;
  const existing = document.keyValues.find((pair) => pair.table.length === 0 && sameKey(pair.key, ['model_provider']));
  if (existing) return { start: existing.startLine, deleteCount: existing.endLine - existing.startLine + 1, insert: [line] };
  const rootPairs = document.keyValues.filter((pair) => pair.table.length === 0);
  const firstHeader = document.headers[0]?.line ?? lineCount;
  const after = rootPairs.length > 0 ? rootPairs[rootPairs.length - 1].endLine + 1 : 0;
  return { start: Math.min(after, firstHeader), deleteCount: 0, insert: rootPairs.length > 0 ? [line] : [line, ''] };
}

function applyEdits(lines: string[], edits: LineEdit[]): string[] {
  const result = [...lines];
  // Bottom-up, deletions before insertions at the same line, so earlier indices stay valid.
  const ordered = [...edits].sort((left, right) => right.start - left.start || right.deleteCount - left.deleteCount);
  for (const edit of ordered) result.splice(edit.start, edit.deleteCount, ...edit.insert);
  return result;
}

/** The parsed config without what we manage, to prove that nothing else changed. */
function withoutManaged(value: { [key: string]: TomlValue }, profileKeys: readonly string[]): unknown {
  const copy = structuredClone(value) as Record<string, unknown>;
  delete copy.model_provider;
  for (const [table, keys] of [
    [providerTable, providerKeys],
    [profileTable, profileKeys],
  ] as const) {
    const parent = copy[table[0]];
    if (!isRecord(parent)) continue;
    const own = parent[table[1]];
    if (isRecord(own)) {
      for (const key of keys) delete own[key];
      if (Object.keys(own).length === 0) delete parent[table[1]];
    }
    if (Object.keys(parent).length === 0) delete copy[table[0]];
  }
  return copy;
}

function tableValue(value: { [key: string]: TomlValue }, table: string[]): Record<string, unknown> | undefined {
  const parent = value[table[0]];
  const own = isRecord(parent) ? parent[table[1]] : undefined;
  return isRecord(own) ? own : undefined;
}

function verify(before: TomlDocument | undefined, after: TomlDocument, target: ToolSetupTarget, path: string): void {
  const provider = tableValue(after.value, providerTable);
  const profile = tableValue(after.value, profileTable);
  const credential = target.keyEnvVar ? provider?.env_key === target.keyEnvVar && provider.experimental_bearer_token === undefined : provider?.experimental_bearer_token === target.clientKey && provider.env_key === undefined;
  const ok =
    after.value.model_provider === 'switchyard' &&
    provider?.base_url === `${target.baseUrl}/v1` &&
    provider.wire_api === 'responses' &&
    credential &&
    profile?.model_provider === 'switchyard' &&
    (target.model === undefined || profile.model === target.model) &&
    canonicalJson(withoutManaged(before?.value ?? {}, profileKeysFor(target))) === canonicalJson(withoutManaged(after.value, profileKeysFor(target)));
  if (!ok) throw new ToolConfigError(`The edit of ${path} did not verify, so nothing was written. Add the Switchyard provider by hand (see the README).`);
}

export const codexSetup: ToolConfigurator = {
  id: 'codex',
  displayName: 'Codex CLI',
  usage: 'Run `codex` as usual (model_provider is now "switchyard"), or `codex --profile switchyard`.',
  configPath: (home) => join(home, '.codex', 'config.toml'),
  render(current, target, path) {
    const text = current ?? '';
    const before = text.trim() === '' ? undefined : parseOrRefuse(text, path, 'is not valid TOML, so it was left untouched');
    const lines = splitLines(text);
    const edits: LineEdit[] = [];
    if (before) {
      edits.push(rootKeyEdit(before, lines.length));
      edits.push(...tableEdits(before, providerTable, providerKeys, providerLines(target), lines.length, path));
      edits.push(...tableEdits(before, profileTable, profileKeysFor(target), profileLines(target), lines.length, path));
    } else {
      edits.push({
        start: lines.length,
        deleteCount: 0,
        insert: [
          `model_provider = ${tomlString('switchyard')}`,
          '',
          '[model_providers.switchyard]',
          ...providerLines(target),
          '',
          '[profiles.switchyard]',
          ...profileLines(target),
        ],
      });
    }
    const next = applyEdits(lines, edits);
    // A file that starts with our appended table would begin with a blank line.
    while (next.length > 0 && next[0] === '' && lines[0] !== '') next.shift();
    const eol = lineEndingOf(current);
    const rendered = `${next.join(eol)}${eol}`;
    verify(before, parseOrRefuse(rendered, path, 'would not parse after the edit, so it was left untouched'), target, path);
    return rendered;
  },
};
