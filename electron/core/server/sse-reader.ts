/** The one place upstream SSE bytes become frames (eventsource-parser). */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { StreamFrame } from '../formats/wire-format.js';

export interface SseReader {
  /** Feed a chunk of bytes; returns the frames it completed. */
  push(chunk: Buffer | string): StreamFrame[];
}

export function createSseReader(): SseReader {
  const decoder = new TextDecoder();
  let pending: StreamFrame[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      pending.push(message.event ? { event: message.event, data: message.data } : { data: message.data });
    },
  });
  return {
    push(chunk) {
      parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      const frames = pending;
      pending = [];
      return frames;
    },
  };
}
