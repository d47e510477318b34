/**
 * One-click tool setup as contract operations (the dashboard's buttons, the management API): the
 * tool's config in the user's home points at this gateway with the current client key. The CLI
 * (`switchyard setup`) and the tray call the same functions in tool-setup/tool-setup.ts.
 */
import { homedir } from 'node:os';
import type { ContractHandlers } from '../../../shared/contract.js';
import { applyToolSetup, listToolSetups, manualTools, previewToolSetup, restoreToolSetup, type ToolSetupTarget } from '../tool-setup/tool-setup.js';
import type { OperationContext } from './operation-context.js';

type ToolSetupHandlers = Pick<ContractHandlers, 'listToolSetups' | 'previewToolSetup' | 'applyToolSetup' | 'restoreToolSetup'>;

/** The gateway as tools should reach it: the port it listens on, else the configured one. */
export function toolTarget(context: Pick<OperationContext, 'url' | 'settings' | 'keys'>, input: { model?: string; keyEnvVar?: string }): ToolSetupTarget {
  const url = context.url();
  return {
    baseUrl: /:0$/.test(url) ? `http://127.0.0.1:${context.settings.get().port}` : url,
    clientKey: context.keys.clientKey,
    ...(input.model ? { model: input.model } : {}),
    ...(input.keyEnvVar ? { keyEnvVar: input.keyEnvVar } : {}),
  };
}

/** `home` is the user's home directory (tests pass a temp one). */
export function toolSetupOperations(context: Pick<OperationContext, 'url' | 'settings' | 'keys' | 'logger'>, home: () => string = homedir): ToolSetupHandlers {
  return {
    async listToolSetups() {
      return { tools: listToolSetups(home()), manual: [...manualTools] };
    },
    async previewToolSetup(input) {
      return previewToolSetup(input.tool, { home: home(), target: toolTarget(context, input) });
    },
    async applyToolSetup(input) {
      const result = applyToolSetup(input.tool, { home: home(), target: toolTarget(context, input) });
      if (result.changed) context.logger.info({ tool: input.tool, path: result.path }, 'tool set up to use switchyard');
      return result;
    },
    async restoreToolSetup({ tool }) {
      const result = restoreToolSetup(tool, { home: home(), clientKey: context.keys.clientKey });
      if (result.restored) context.logger.info({ tool, path: result.path }, 'tool config restored');
      return result;
    },
  };
}
