/**
 * One load at a time: a call while a load runs asks for one more pass after it, so a burst of events
 * (ten account changes) costs two round trips, and the last answer is never older than the last event.
 */
export function coalesced(load: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await load();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
}
