/**
 * The `codex.rate_limits` event inside a Codex stream (protocols.md §2), read on the side: the executor
 * hands this watcher to the shared HTTP client (`watchBody`), which shows it every body chunk while the
 * server relays the very same bytes untouched. Only that event's frame is JSON-parsed, and the watch
 * stops after it.
 */
import { createParser } from 'eventsource-parser';
import { asRecord } from '../../canonical/json-values.js';

export const rateLimitsEventType = 'codex.rate_limits';

export function rateLimitEventWatcher(onEvent: (event: unknown) => void): (chunk: Buffer) => void {
  const decoder = new TextDecoder();
  let seen = false;
  const parser = createParser({
    onEvent(message) {
      if (seen || (message.event !== rateLimitsEventType && !message.data.includes(`"${rateLimitsEventType}"`))) return;
      let event: unknown;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      const type = asRecord(event)?.type;
      if (message.event !== rateLimitsEventType && type !== rateLimitsEventType) return;
      seen = true;
      onEvent(event);
    },
  });
  return (chunk) => {
    if (!seen) parser.feed(decoder.decode(chunk, { stream: true }));
  };
}
