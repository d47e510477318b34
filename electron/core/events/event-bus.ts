/**
 * The core's event bus: log entries, account status changes, usage records, health and login progress,
 * typed by the contract. Data is redacted once, before any subscriber (SSE, IPC) sees it. A short
 * replay buffer lets a reconnecting stream resume from its last event id.
 */
import type { EventData, EventType, SwitchyardEvent } from '../../../shared/contract.js';
import type { Redactor } from '../logs/redaction.js';

export type EventListener = (event: SwitchyardEvent) => void;

export interface EventBusOptions {
  redactor: Redactor;
  now?: () => number;
  /** Events kept for resuming streams (default 500). */
  replayCapacity?: number;
  /** Told when a listener throws (never rethrown into the publisher). */
  onListenerError?: (error: unknown) => void;
}

export class EventBus {
  private nextId = 1;
  /** Recent events; `clean` once redacted (redaction waits until someone listens: no work without a reader). */
  private readonly recent: Array<{ event: SwitchyardEvent; clean: boolean }> = [];
  private readonly listeners = new Set<EventListener>();

  constructor(private readonly options: EventBusOptions) {}

  publish<Type extends EventType>(type: Type, data: EventData<Type>): void {
    const entry = { event: { id: this.nextId++, type, time: (this.options.now ?? Date.now)(), data } as SwitchyardEvent, clean: false };
    this.recent.push(entry);
    if (this.recent.length > (this.options.replayCapacity ?? 500)) this.recent.shift();
    if (this.listeners.size === 0) return;
    const event = this.cleaned(entry);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.options.onListenerError?.(error);
      }
    }
  }

  /** Listen from now on; with `afterId`, first replay the buffered events after it. */
  subscribe(listener: EventListener, afterId?: number): () => void {
    if (afterId !== undefined) for (const entry of this.recent) if (entry.event.id > afterId) listener(this.cleaned(entry));
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  private cleaned(entry: { event: SwitchyardEvent; clean: boolean }): SwitchyardEvent {
    if (!entry.clean) {
      entry.event = { ...entry.event, data: this.options.redactor.redact(entry.event.data) } as SwitchyardEvent;
      entry.clean = true;
    }
    return entry.event;
  }
}
