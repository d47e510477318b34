/**
 * The shape of `window.switchyard`, derived from a contract of operations (zod input and output) and
 * events (zod payload). The main process's IPC handlers, the preload and the renderer's IPC transport
 * all use these names, so no channel is ever spelled twice. Pure TypeScript.
 */
import type { z } from 'zod';
import type { ErrorShape } from './errors.js';

export interface OperationSpec {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
}

export type OperationContract = { readonly [name: string]: OperationSpec };
export type EventContract = { readonly [type: string]: z.ZodType };

export type OperationName<Operations extends OperationContract> = keyof Operations & string;
export type EventType<Events extends EventContract> = keyof Events & string;

export type OperationInput<Operations extends OperationContract, Name extends OperationName<Operations>> = z.input<Operations[Name]['input']>;
export type OperationOutput<Operations extends OperationContract, Name extends OperationName<Operations>> = z.output<Operations[Name]['output']>;

/** Electron drops the fields of thrown errors, so every reply is a value. */
export type IpcResult<Value> = { ok: true; value: Value } | { ok: false; error: ErrorShape };

/** One pushed event as it crosses the event channel: the core event bus's envelope (id, type, time, data). */
export interface BridgeEvent<Type extends string = string, Data = unknown> {
  id: number;
  type: Type;
  time: number;
  data: Data;
}

export type BridgeEventOf<Events extends EventContract, Type extends EventType<Events>> = BridgeEvent<Type, z.output<Events[Type]>>;

export interface SwitchyardBridge<Operations extends OperationContract, Events extends EventContract> {
  readonly operations: {
    readonly [Name in OperationName<Operations>]: (
      input: OperationInput<Operations, Name>,
    ) => Promise<IpcResult<OperationOutput<Operations, Name>>>;
  };
  /** Listen to one event type of the contract; returns the unsubscribe function. */
  subscribe<Type extends EventType<Events>>(type: Type, listener: (event: BridgeEventOf<Events, Type>) => void): () => void;
}

/** `window.switchyard`. */
export const bridgeGlobalName = 'switchyard';
/** The one channel events travel on; the payload says which contract event it is. */
export const eventChannel = 'switchyard:event';
const operationChannelPrefix = 'switchyard:operation:';

export function operationChannel(name: string): string {
  return `${operationChannelPrefix}${name}`;
}
