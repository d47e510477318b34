/**
 * Reads `__fixtures__/*.chunks.txt`: one SSE event per line, `#` lines are comments.
 * A line is either the data payload alone, or `event:<name> <payload>` for formats with named events.
 */
import { readFileSync } from 'node:fs';
import type { StreamFrame } from '../../electron/core/formats/wire-format.js';

export function parseChunksText(text: string): StreamFrame[] {
  const frames: StreamFrame[] = [];
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const named = /^event:(\S+) (.*)$/.exec(trimmed);
    frames.push(named ? { event: named[1], data: named[2] } : { data: trimmed });
  }
  return frames;
}

export function readChunksFixture(fileUrl: URL): StreamFrame[] {
  return parseChunksText(readFileSync(fileUrl, 'utf8'));
}
