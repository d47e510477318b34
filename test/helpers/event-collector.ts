/** Collects the management events stream so a test can await an event (with a deadline, never a sleep). */
import type { EventType, SwitchyardEvent } from '../../shared/contract.js';
import type { ManagementClient } from '../../electron/cli/management-client.js';

interface Waiter {
  predicate: (event: SwitchyardEvent) => boolean;
  resolve: (event: SwitchyardEvent) => void;
}

export class EventCollector {
  readonly events: SwitchyardEvent[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly abort = new AbortController();
  private failure: unknown;
  readonly done: Promise<void>;

  private constructor(client: ManagementClient, options: { types?: EventType[]; afterId?: number }, opened: () => void) {
    this.done = (async () => {
      try {
        for await (const event of client.events({ ...options, signal: this.abort.signal, onOpen: opened })) {
          this.events.push(event);
          for (const waiter of [...this.waiters]) {
            if (waiter.predicate(event)) {
              this.waiters.delete(waiter);
              waiter.resolve(event);
            }
          }
        }
      } catch (error) {
        this.failure = error;
        opened();
      }
    })();
  }

  /** Resolves once the stream is open, so nothing caused afterwards can be missed. */
  static async open(client: ManagementClient, options: { types?: EventType[]; afterId?: number } = {}): Promise<EventCollector> {
    let collector!: EventCollector;
    await new Promise<void>((resolve) => {
      collector = new EventCollector(client, options, resolve);
    });
    if (collector.failure) throw collector.failure;
    return collector;
  }

  waitFor<Type extends EventType>(
    type: Type,
    predicate: (event: Extract<SwitchyardEvent, { type: Type }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<SwitchyardEvent, { type: Type }>> {
    const matches = (event: SwitchyardEvent): boolean => event.type === type && predicate(event as Extract<SwitchyardEvent, { type: Type }>);
    const seen = this.events.find(matches);
    if (seen) return Promise.resolve(seen as Extract<SwitchyardEvent, { type: Type }>);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate: matches,
        resolve: (event) => {
          clearTimeout(deadline);
          resolve(event as Extract<SwitchyardEvent, { type: Type }>);
        },
      };
      const deadline = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no ${type} event matched within ${timeoutMs} ms (got ${this.events.map((event) => event.type).join(', ')})`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.done;
  }
}
