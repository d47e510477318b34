/**
 * Our lines in a YAML config (Continue, Aider) sit between two comments, so setup can replace them and
 * nothing else; YAML is parsed (js-yaml) before and after to refuse files that do not parse and to
 * verify that the edit changed only what it meant to. JSON configs are refused the same way here.
 */
import { load } from 'js-yaml';
import { isRecord } from '../canonical/json-values.js';
import { ToolConfigError, splitLines } from './tool-configurator.js';

export const blockBegin = '# switchyard:begin';
export const blockEnd = '# switchyard:end';

export function beginComment(tool: string): string {
  return `${blockBegin} (added by \`switchyard setup ${tool}\`; \`switchyard setup ${tool} --restore\` undoes it)`;
}

/** The managed block's lines (inclusive), if the file has exactly one well-formed block. */
function findManagedBlock(lines: readonly string[], path: string): { start: number; end: number } | undefined {
  const starts = lines.flatMap((line, index) => (line.trimStart().startsWith(blockBegin) ? [index] : []));
  const ends = lines.flatMap((line, index) => (line.trimStart() === blockEnd ? [index] : []));
  if (starts.length === 0 && ends.length === 0) return undefined;
  if (starts.length !== 1 || ends.length !== 1 || ends[0] < starts[0]) {
    throw new ToolConfigError(`${path} has broken "${blockBegin}" / "${blockEnd}" markers; fix them by hand.`);
  }
  return { start: starts[0], end: ends[0] };
}

/**
 * The file's lines with our block cut out, and what the rest parses to (the baseline an edit is verified
 * against). Refuses a file that does not parse, or whose markers are broken.
 */
export function withoutManagedBlock(current: string | undefined, path: string): { lines: string[]; baseline: Record<string, unknown> } {
  if (current !== undefined) loadYamlMapping(current, path);
  const lines = current === undefined ? [] : splitLines(current);
  const block = findManagedBlock(lines, path);
  const kept = block ? [...lines.slice(0, block.start), ...lines.slice(block.end + 1)] : lines;
  return { lines: kept, baseline: loadYamlMapping(kept.join('\n'), path) };
}

/** Parse YAML that must be a mapping (or empty); refuse anything else. */
export function loadYamlMapping(text: string, path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = load(text, { filename: path });
  } catch (error) {
    throw new ToolConfigError(`${path} is not valid YAML, so it was left untouched: ${(error as Error).message.split('\n')[0]}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isRecord(parsed)) throw new ToolConfigError(`${path} is not a YAML mapping, so it was left untouched.`);
  return parsed;
}

/** Parse JSON that must be an object; refuse anything else (Claude Code, Continue's legacy config.json). */
export function loadJsonObject(text: string, path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ToolConfigError(`${path} is not valid JSON, so it was left untouched: ${(error as Error).message}`);
  }
  if (!isRecord(parsed)) throw new ToolConfigError(`${path} is not a JSON object, so it was left untouched.`);
  return parsed;
}

/** A YAML double-quoted scalar (JSON strings are valid ones). */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}
