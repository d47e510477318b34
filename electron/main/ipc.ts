/**
 * The only file that touches `ipcMain`. One handler per operation of a contract: it checks that the
 * sender is the top frame of a dashboard webContents we created and that the frame shows our dashboard,
 * validates the input with the operation's zod schema, calls the core, validates the output (so nothing
 * the contract does not declare, such as a secret, can leave), and answers `{ok:true,value}` or
 * `{ok:false,error}`. Events go to dashboard windows only, on one channel, validated the same way.
 */
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { z } from 'zod';
import type { ErrorShape } from '../../shared/errors.js';
import {
  eventChannel,
  type BridgeEvent,
  operationChannel,
  type EventContract,
  type EventType,
  type IpcResult,
  type OperationContract,
  type OperationName,
} from '../../shared/ipc-bridge.js';
import { SwitchyardError, toSwitchyardError } from '../core/errors/switchyard-error.js';
import { zodInputError } from '../core/formats/parse-with-schema.js';
import { isDashboardUrl } from './dashboard-url.js';
import type { WindowRegistry } from './window-registry.js';

export type OperationHandlers<Operations extends OperationContract> = {
  [Name in OperationName<Operations>]: (
    input: z.output<Operations[Name]['input']>,
  ) => Promise<z.input<Operations[Name]['output']>> | z.input<Operations[Name]['output']>;
};

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** The sender check: a registered dashboard webContents, its top frame, showing our dashboard URL. */
export function isDashboardSender(event: SenderEvent, registry: WindowRegistry): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!registry.isRegisteredAs(event.sender, 'dashboard')) return false;
  return isDashboardUrl(frame.url);
}

function failure(error: ErrorShape): IpcResult<never> {
  return { ok: false, error };
}

const foreignSender: ErrorShape = {
  code: 'forbidden',
  status: 403,
  retryable: false,
  message: 'This call did not come from the Switchyard dashboard.',
};

export interface ContractIpcOptions<Operations extends OperationContract> {
  contract: Operations;
  handlers: OperationHandlers<Operations>;
  registry: WindowRegistry;
  /** Told about refused senders and failed operations (e.g. to log them); never about payloads. */
  onProblem?(operation: string, problem: 'foreign-sender' | 'invalid-input' | 'invalid-output' | 'failed', error?: SwitchyardError): void;
}

/** Registers every operation; returns a function that removes the handlers again. */
export function registerContractHandlers<Operations extends OperationContract>(options: ContractIpcOptions<Operations>): () => void {
  const { contract, handlers, registry, onProblem } = options;
  const names = Object.keys(contract) as Array<OperationName<Operations>>;
  for (const name of names) {
    const spec = contract[name];
    const handler = handlers[name];
    if (typeof handler !== 'function') throw new Error(`No core handler for the contract operation "${name}".`);
    ipcMain.handle(operationChannel(name), async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!isDashboardSender(event, registry)) {
        onProblem?.(name, 'foreign-sender');
        return failure(foreignSender);
      }
      const input = spec.input.safeParse(payload);
      if (!input.success) {
        onProblem?.(name, 'invalid-input');
        // The same error as over HTTP, so an unknown key is named the same way.
        return failure(zodInputError(input.error, `input for ${name}`).toShape());
      }
      let value: unknown;
      try {
        value = await handler(input.data as z.output<Operations[typeof name]['input']>);
      } catch (error) {
        const switchyardError = toSwitchyardError(error);
        onProblem?.(name, 'failed', switchyardError);
        return failure(switchyardError.toShape());
      }
      const output = spec.output.safeParse(value);
      if (!output.success) {
        onProblem?.(name, 'invalid-output');
        return failure({ code: 'internal_error', status: 500, retryable: false, message: `The reply of ${name} did not match the contract.` });
      }
      return { ok: true, value: output.data };
    });
  }
  return () => {
    for (const name of names) ipcMain.removeHandler(operationChannel(name));
  };
}

export interface EventPublisher<Events extends EventContract> {
  /** Validates the data against the contract and sends the event to every open dashboard; false if invalid. */
  publish(event: { id: number; type: EventType<Events>; time: number; data: unknown }): boolean;
}

export function createEventPublisher<Events extends EventContract>(
  events: Events,
  targets: () => Iterable<WebContents>,
): EventPublisher<Events> {
  return {
    publish({ id, type, time, data }) {
      if (!Object.prototype.hasOwnProperty.call(events, type)) return false;
      const parsed = events[type].safeParse(data);
      if (!parsed.success) return false;
      const message: BridgeEvent = { id, type, time, data: parsed.data };
      for (const contents of targets()) {
        if (!contents.isDestroyed()) contents.send(eventChannel, message);
      }
      return true;
    },
  };
}
