/** The client API key: shown masked unless a caller asks to reveal it; rotation takes effect at once. */
import type { ContractHandlers } from '../../../shared/contract.js';
import { BadRequestError } from '../errors/switchyard-error.js';
import { clientKeyFromEnvMessage, storeNewClientKey } from '../vault/client-keys.js';
import type { OperationContext } from './operation-context.js';
import { maskSecret } from './secret-mask.js';

export function keyOperations(context: OperationContext): Pick<ContractHandlers, 'getClientKey' | 'rotateClientKey'> {
  const view = (reveal: boolean) => ({
    key: reveal ? context.keys.clientKey : maskSecret(context.keys.clientKey),
    revealed: reveal,
    source: context.keys.clientKeySource,
  });

  return {
    async getClientKey({ reveal }) {
      return view(reveal);
    },

    async rotateClientKey({ reveal }) {
      if (context.keys.clientKeySource === 'env') {
        throw new BadRequestError(clientKeyFromEnvMessage, undefined, 'bad_request', 409);
      }
      const key = await storeNewClientKey(context.vault);
      context.redactor.addSecret(key);
      context.keys.clientKey = key;
      context.logger.info('client key rotated');
      return view(reveal);
    },
  };
}
