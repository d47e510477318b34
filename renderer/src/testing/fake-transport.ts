/** A Transport for tests: answers from per-operation handlers, records calls, and emits events on demand. */
import type { EventData, EventType, OperationInput, OperationName, OperationOutput, SwitchyardEvent } from '../../../shared/contract.js';
import { EventListeners, StreamStates, type EventOf, type StreamState, type Transport } from '../transport/transport.js';
import { TransportError } from '../transport/transport-error.js';

export type FakeHandlers = {
  [Name in OperationName]?: (input: OperationInput<Name>) => OperationOutput<Name> | Promise<OperationOutput<Name>>;
};

export class FakeTransport implements Transport {
  readonly calls: Array<{ name: OperationName; input: unknown }> = [];
  private readonly listeners = new EventListeners();
  private readonly states = new StreamStates();
  private nextId = 1;

  constructor(
    public handlers: FakeHandlers = {},
    readonly kind: 'http' | 'ipc' = 'http',
  ) {
    this.states.set('live');
  }

  async call<Name extends OperationName>(name: Name, input: OperationInput<Name>): Promise<OperationOutput<Name>> {
    this.calls.push({ name, input });
    const handler = this.handlers[name] as ((input: OperationInput<Name>) => OperationOutput<Name> | Promise<OperationOutput<Name>>) | undefined;
    if (!handler) throw new TransportError({ code: 'not_found', status: 404, retryable: false, message: `The fake has no answer for ${name}.` });
    return handler(input);
  }

  callsOf(name: OperationName): unknown[] {
    return this.calls.filter((call) => call.name === name).map((call) => call.input);
  }

  emit<Type extends EventType>(type: Type, data: EventData<Type>): void {
    this.listeners.dispatch({ id: this.nextId++, type, time: Date.now(), data } as SwitchyardEvent);
  }

  subscribe<Type extends EventType>(type: Type, listener: (event: EventOf<Type>) => void): () => void {
    return this.listeners.add(type, listener);
  }

  onStreamState(listener: (state: StreamState) => void): () => void {
    return this.states.listen(listener);
  }

  setStreamState(state: StreamState): void {
    this.states.set(state);
  }

  close(): void {
    this.states.set('closed');
  }
}

export function refusal(message: string, status = 400, param?: string): TransportError {
  return new TransportError({ code: status === 401 ? 'unauthorized' : 'bad_request', status, retryable: false, message, ...(param ? { param } : {}) });
}
