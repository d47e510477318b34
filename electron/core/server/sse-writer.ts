/**
 * The one place frames become bytes for the client: SSE (`event:`/`data:` lines) or, for Gemini's
 * `streamGenerateContent` without `alt=sse`, one JSON array written element by element.
 */
import type { ServerResponse } from 'node:http';
import type { StreamFrame } from '../formats/wire-format.js';

export type StreamFraming = 'sse' | 'json-array';

export interface FrameWriter {
  /** False when the client's socket is full: wait for `drained` before writing more. */
  write(frames: StreamFrame[]): boolean;
  end(): void;
}

/**
 * Resolves when a full response can take more bytes, or when the client has gone (the pipeline then
 * aborts the upstream). Streams wait on this instead of piling a slow client's backlog up in memory.
 */
export function drained(response: ServerResponse): Promise<void> {
  if (!response.writableNeedDrain || response.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

export function serializeSse(frame: StreamFrame): string {
  return frame.event ? `event: ${frame.event}\ndata: ${frame.data}\n\n` : `data: ${frame.data}\n\n`;
}

/**
 * A stream's headers go out with its first bytes (one write, one packet), or on their own at the end of
 * this event-loop turn when the upstream has sent headers but no bytes yet: never held back longer.
 * Set the status and headers with setHeader, not writeHead (which counts as sent at once).
 */
export function flushHeadersSoon(response: ServerResponse): void {
  setImmediate(() => {
    if (!response.headersSent && !response.destroyed) response.flushHeaders();
  });
}

function uncork(response: ServerResponse): void {
  response.uncork();
}

/**
 * Writes to the client, coalescing everything written in this tick into one socket write: upstream
 * events that arrived in one read leave in one write instead of one system call each.
 */
export function writeCoalesced(response: ServerResponse, data: string | Uint8Array): boolean {
  if (response.writableCorked === 0) {
    response.cork();
    process.nextTick(uncork, response);
  }
  return response.write(data);
}

export function writeSse(response: ServerResponse, frames: StreamFrame[]): boolean {
  if (frames.length === 0) return true;
  let text = '';
  for (const frame of frames) text += serializeSse(frame);
  return writeCoalesced(response, text);
}

export function createFrameWriter(response: ServerResponse, framing: StreamFraming): FrameWriter {
  if (framing === 'sse') {
    return {
      write: (frames) => writeSse(response, frames),
      end: () => response.end(),
    };
  }
  let first = true;
  return {
    write(frames) {
      if (frames.length === 0) return true;
      let text = '';
      for (const frame of frames) {
        text += (first ? '[' : ',\n') + frame.data;
        first = false;
      }
      return writeCoalesced(response, text);
    },
    end() {
      response.end(first ? '[]' : ']');
    },
  };
}

export function framingContentType(framing: StreamFraming): string {
  return framing === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/json; charset=utf-8';
}
