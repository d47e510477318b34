/** Settings through the contract: read with every secret masked, update validated by the settings schema. */
import type { ContractHandlers } from '../../../shared/contract.js';
import type { Settings } from '../config/settings-schema.js';
import { entrySecrets } from './openai-compatible-operations.js';
import type { OperationContext } from './operation-context.js';
import { maskSecrets, redactValues, restoreMaskedSecrets } from './secret-mask.js';

/** Settings read once at start: a change is saved but waits for a restart. */
const readAtStart: ReadonlyArray<keyof Settings> = ['port', 'host', 'logFileMaxMb', 'logFileCount'];

export function settingsOperations(context: OperationContext): Pick<ContractHandlers, 'getSettings' | 'updateSettings'> {
  const view = (restartRequired: string[] = []) => ({
    // Masked fields first (a form can send them back), then any known secret value elsewhere.
    settings: redactValues(maskSecrets(context.settings.get()), (text) => context.redactor.redactString(text)) as Record<string, unknown>,
    envOverridden: context.settings.envOverridden(),
    path: context.settings.path,
    restartRequired,
  });

  return {
    async getSettings() {
      return view();
    },

    async updateSettings({ patch }) {
      const before = context.settings.get();
      const restored = restoreMaskedSecrets(patch, before, '') as Record<string, unknown>;
      const after = context.settings.update(restored);
      for (const entry of after.openaiCompatible) for (const secret of entrySecrets(entry)) context.redactor.addSecret(secret);
      const changed = Object.keys(restored).filter((key) => JSON.stringify(before[key as keyof Settings]) !== JSON.stringify(after[key as keyof Settings]));
      context.logger.info({ changed }, 'settings updated');
      context.watcher.schedule();
      return view(changed.filter((key) => (readAtStart as string[]).includes(key)));
    },
  };
}
