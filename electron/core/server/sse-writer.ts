/**
 * The one place frames become bytes for the client: SSE (`event:`/`data:` lines) or, for Gemini's
 * `streamGenerateContent` without `alt=sse`, one JSON array written element by element.
 */
import type { ServerResponse } from 'node:http';
import type { StreamFrame } from '../formats/wire-format.js';

export type StreamFraming = 'sse' | 'json-array';

export interface FrameWriter {
  write(frames: StreamFrame[]): void;
  end(): void;
}

export function serializeSse(frame: StreamFrame): string {
  return frame.event ? `event: ${frame.event}\ndata: ${frame.data}\n\n` : `data: ${frame.data}\n\n`;
}

export function writeSse(response: ServerResponse, frames: StreamFrame[]): void {
  if (frames.length === 0) return;
  let text = '';
  for (const frame of frames) text += serializeSse(frame);
  response.write(text);
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
      if (frames.length === 0) return;
      let text = '';
      for (const frame of frames) {
        text += (first ? '[' : ',\n') + frame.data;
        first = false;
      }
      response.write(text);
    },
    end() {
      response.end(first ? '[]' : ']');
    },
  };
}

export function framingContentType(framing: StreamFraming): string {
  return framing === 'sse' ? 'text/event-stream; charset=utf-8' : 'application/json; charset=utf-8';
}
