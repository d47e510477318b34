/**
 * The only importer of `ipcRenderer`. Builds `window.switchyard` from the contract's operation names
 * and event types: each operation is one fixed `invoke` channel, events arrive on one channel and are
 * handed out by type. Nothing here forwards a channel or an argument the renderer chooses, and the
 * renderer never sees an IpcRendererEvent.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  bridgeGlobalName,
  eventChannel,
  operationChannel,
  type BridgeEvent,
  type EventContract,
  type EventType,
  type IpcResult,
  type OperationContract,
  type OperationName,
  type SwitchyardBridge,
} from '../../shared/ipc-bridge.js';

export interface ContractNames<Operations extends OperationContract, Events extends EventContract> {
  operations: ReadonlyArray<OperationName<Operations>>;
  events: ReadonlyArray<EventType<Events>>;
}

function transportFailure(name: string, error: unknown): IpcResult<never> {
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 'internal_error', status: 500, retryable: false, message: `The call ${name} did not reach the app: ${detail}` } };
}

export function buildBridge<Operations extends OperationContract, Events extends EventContract>(
  names: ContractNames<Operations, Events>,
): SwitchyardBridge<Operations, Events> {
  const operations: Record<string, (input: unknown) => Promise<IpcResult<unknown>>> = {};
  for (const name of names.operations) {
    const channel = operationChannel(name);
    operations[name] = (input: unknown) =>
      ipcRenderer.invoke(channel, input).then(
        (result: IpcResult<unknown>) => result,
        (error: unknown) => transportFailure(name, error),
      );
  }

  const knownEvents = new Set<string>(names.events);
  const listeners = new Map<string, Set<(event: BridgeEvent) => void>>();
  const dispatch = (_event: unknown, message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { id, type, time, data } = message as Partial<BridgeEvent>;
    if (typeof type !== 'string' || !knownEvents.has(type) || typeof id !== 'number' || typeof time !== 'number') return;
    // A fresh object per listener: the renderer gets data, never the IpcRendererEvent.
    for (const listener of [...(listeners.get(type) ?? [])]) {
      try {
        listener({ id, type, time, data });
      } catch {
        // One failing view must not stop the others from hearing the event.
      }
    }
  };
  let listening = false;
  const listenerCount = () => [...listeners.values()].reduce((total, set) => total + set.size, 0);

  const subscribe = (type: string, listener: (event: BridgeEvent) => void): (() => void) => {
    if (!knownEvents.has(type)) throw new Error(`"${type}" is not an event of the Switchyard contract.`);
    if (typeof listener !== 'function') throw new Error('subscribe needs a listener function.');
    const set = listeners.get(type) ?? new Set();
    set.add(listener);
    listeners.set(type, set);
    if (!listening) {
      ipcRenderer.on(eventChannel, dispatch);
      listening = true;
    }
    return () => {
      set.delete(listener);
      if (listening && listenerCount() === 0) {
        ipcRenderer.removeListener(eventChannel, dispatch);
        listening = false;
      }
    };
  };

  return Object.freeze({
    operations: Object.freeze(operations),
    subscribe,
  }) as unknown as SwitchyardBridge<Operations, Events>;
}

export function exposeContract<Operations extends OperationContract, Events extends EventContract>(names: ContractNames<Operations, Events>): void {
  contextBridge.exposeInMainWorld(bridgeGlobalName, buildBridge(names));
}
