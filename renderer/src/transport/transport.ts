/**
 * What the dashboard talks to, and nothing else: the contract's operations and events. `HttpTransport`
 * (management API + SSE, in a browser) and `IpcTransport` (`window.switchyard`, in the app) implement it,
 * so every store and view works the same over both.
 */
import type { EventType, OperationInput, OperationName, OperationOutput, SwitchyardEvent } from '../../../shared/contract.js';

export type EventOf<Type extends EventType> = Extract<SwitchyardEvent, { type: Type }>;

/** The live event stream: `live` once events flow, `reconnecting` after a drop, `closed` when stopped or refused. */
export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'closed';

export interface Transport {
  readonly kind: 'http' | 'ipc';
  call<Name extends OperationName>(name: Name, input: OperationInput<Name>): Promise<OperationOutput<Name>>;
  /** Listen to one event type; returns the unsubscribe function. */
  subscribe<Type extends EventType>(type: Type, listener: (event: EventOf<Type>) => void): () => void;
  /** Told the stream state now and on every change. */
  onStreamState(listener: (state: StreamState) => void): () => void;
  close(): void;
}

/** A listener registry keyed by event type, shared by both transports. */
export class EventListeners {
  private readonly byType = new Map<EventType, Set<(event: SwitchyardEvent) => void>>();

  add<Type extends EventType>(type: Type, listener: (event: EventOf<Type>) => void): () => void {
    const set = this.byType.get(type) ?? new Set();
    const wrapped = listener as (event: SwitchyardEvent) => void;
    set.add(wrapped);
    this.byType.set(type, set);
    return () => {
      set.delete(wrapped);
    };
  }

  dispatch(event: SwitchyardEvent): void {
    for (const listener of [...(this.byType.get(event.type) ?? [])]) {
      try {
        listener(event);
      } catch (error) {
        // One failing view must not stop the others from hearing the event.
        console.error('event listener failed', error);
      }
    }
  }

  get size(): number {
    let total = 0;
    for (const set of this.byType.values()) total += set.size;
    return total;
  }
}

export class StreamStates {
  private state: StreamState = 'closed';
  private readonly listeners = new Set<(state: StreamState) => void>();

  get current(): StreamState {
    return this.state;
  }

  set(state: StreamState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of [...this.listeners]) listener(state);
  }

  listen(listener: (state: StreamState) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
