/**
 * What one tool's setup is: the file it reads and a pure edit of that file's text. Each tool lives in
 * its own `<tool>-setup.ts`; tool-setup.ts does the reading, diffing, backing up and writing.
 */
import type { ToolId } from '../../../shared/tool-setup-schemas.js';
import { isRecord } from '../canonical/json-values.js';
import { SwitchyardError } from '../errors/switchyard-error.js';

/** Where the tool should send its requests, and with which key. */
export interface ToolSetupTarget {
  /** `http://127.0.0.1:8317` (no `/v1`; each tool adds what it needs). */
  baseUrl: string;
  clientKey: string;
  /** The model the tool should ask for, where the tool needs one. */
  model?: string;
  /** Codex: read the key from this environment variable instead of writing it into the file. */
  keyEnvVar?: string;
}

export interface ToolConfigurator {
  id: ToolId;
  displayName: string;
  /** The config file under a home directory (may look at which files exist). */
  configPath(home: string): string;
  /**
   * The new text of the file (`current` undefined when there is none). Throws ToolConfigError when the
   * current text does not parse or cannot be edited safely; then nothing is written.
   */
  render(current: string | undefined, target: ToolSetupTarget, path: string): string;
  /** One line on how to use the tool afterwards. */
  usage: string;
}

/** A config file Switchyard will not touch: it does not parse, or holds our settings in a form we do not edit. */
export class ToolConfigError extends SwitchyardError {
  constructor(message: string) {
    super('bad_request', 409, message);
  }
}

/** Line end of an existing file (CRLF files stay CRLF). */
export function lineEndingOf(text: string | undefined): string {
  return text !== undefined && text.includes('\r\n') ? '\r\n' : '\n';
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Deterministic JSON (sorted keys), to compare parsed configs. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isRecord(item) ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, item[key]])) : item,
  );
}
