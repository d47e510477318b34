/**
 * One core method per contract operation, and the one way to call them from outside (management HTTP,
 * IPC): `invokeOperation` validates the input with the contract's schema (400 naming the field) and the
 * output too, so a reply can never carry a field the contract does not name.
 */
import {
  contractOperations,
  type ContractHandlers,
  type OperationName,
  type OperationOutput,
} from '../../../shared/contract.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import { formatIssuePath, zodInputError } from '../formats/parse-with-schema.js';
import { accountOperations } from './account-operations.js';
import { healthOperations } from './health-operations.js';
import { keyOperations } from './key-operations.js';
import { logOperations } from './log-operations.js';
import { loginOperations } from './login-operations.js';
import { openAiCompatibleOperations } from './openai-compatible-operations.js';
import type { OperationContext } from './operation-context.js';
import { settingsOperations } from './settings-operations.js';
import { toolSetupOperations } from './tool-setup-operations.js';
import { usageOperations } from './usage-operations.js';

export function createCoreOperations(context: OperationContext): ContractHandlers {
  return {
    ...accountOperations(context),
    ...loginOperations(context),
    ...openAiCompatibleOperations(context),
    ...settingsOperations(context),
    ...usageOperations(context),
    ...logOperations(context),
    ...healthOperations(context),
    ...keyOperations(context),
    ...toolSetupOperations(context),
  };
}

export async function invokeOperation<Name extends OperationName>(
  handlers: ContractHandlers,
  name: Name,
  rawInput: unknown,
): Promise<OperationOutput<Name>> {
  const definition = contractOperations[name];
  const parsed = definition.input.safeParse(rawInput ?? {});
  if (!parsed.success) throw zodInputError(parsed.error, `input for ${name}`);
  const handler = handlers[name] as (input: unknown) => Promise<unknown>;
  const output = definition.output.safeParse(await handler(parsed.data));
  if (!output.success) {
    throw new SwitchyardError('internal_error', 500, `The ${name} reply did not match the contract (${formatIssuePath(output.error.issues[0]?.path ?? [])}).`);
  }
  return output.data as OperationOutput<Name>;
}
