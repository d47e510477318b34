/**
 * The app transport: `window.switchyard`, exposed by the preload over the same contract. Every reply is
 * `{ok, value | error}` (Electron drops the fields of thrown errors); a refusal becomes a TransportError.
 */
import {
  parseSwitchyardEvent,
  type ContractEvents,
  type ContractOperations,
  type EventType,
  type OperationInput,
  type OperationName,
  type OperationOutput,
  type SwitchyardEvent,
} from '../../../shared/contract.js';
import { bridgeGlobalName, type IpcResult, type SwitchyardBridge } from '../../../shared/ipc-bridge.js';
import { EventListeners, StreamStates, type EventOf, type StreamState, type Transport } from './transport.js';
import { TransportError, parseReply, unreachable } from './transport-error.js';

export type SwitchyardContractBridge = SwitchyardBridge<ContractOperations, ContractEvents>;

/** `window.switchyard` when the preload exposed it (in the app), else undefined (in a browser). */
export function findBridge(scope: object = globalThis): SwitchyardContractBridge | undefined {
  const candidate = (scope as Record<string, unknown>)[bridgeGlobalName] as Partial<SwitchyardContractBridge> | undefined;
  if (!candidate || typeof candidate !== 'object' || typeof candidate.subscribe !== 'function' || typeof candidate.operations !== 'object') return undefined;
  return candidate as SwitchyardContractBridge;
}

export class IpcTransport implements Transport {
  readonly kind = 'ipc';
  private readonly listeners = new EventListeners();
  private readonly states = new StreamStates();
  private readonly unsubscribers = new Map<EventType, () => void>();

  constructor(private readonly bridge: SwitchyardContractBridge) {
    // IPC events need no connection: the stream is live as long as the window is.
    this.states.set('live');
  }

  async call<Name extends OperationName>(name: Name, input: OperationInput<Name>): Promise<OperationOutput<Name>> {
    const operation = this.bridge.operations[name] as unknown as ((input: unknown) => Promise<IpcResult<unknown>>) | undefined;
    if (typeof operation !== 'function') throw unreachable(`the app does not offer ${name}`);
    let result: IpcResult<unknown>;
    try {
      result = await operation(input ?? {});
    } catch (error) {
      throw unreachable((error as Error).message || 'IPC failed');
    }
    if (!result.ok) throw new TransportError(result.error);
    return parseReply(name, result.value);
  }

  subscribe<Type extends EventType>(type: Type, listener: (event: EventOf<Type>) => void): () => void {
    const remove = this.listeners.add(type, listener);
    if (!this.unsubscribers.has(type)) {
      const unsubscribe = this.bridge.subscribe(type, (raw) => {
        let event: SwitchyardEvent;
        try {
          event = parseSwitchyardEvent(raw);
        } catch {
          // An event this build does not know, or a malformed one: skip it.
          return;
        }
        this.listeners.dispatch(event);
      });
      this.unsubscribers.set(type, unsubscribe);
    }
    return remove;
  }

  onStreamState(listener: (state: StreamState) => void): () => void {
    return this.states.listen(listener);
  }

  close(): void {
    for (const unsubscribe of this.unsubscribers.values()) unsubscribe();
    this.unsubscribers.clear();
    this.states.set('closed');
  }
}
