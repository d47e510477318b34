/** Connecting accounts through any provider that has `auth`: start, complete by hand, follow, cancel. */
import type { ContractHandlers } from '../../../shared/contract.js';
import { parseRedirectInput } from '../auth/parse-redirect-input.js';
import { BadRequestError } from '../errors/switchyard-error.js';
import type { ProviderAuth } from '../providers/provider-auth.js';
import { accountView, findProvider } from './account-view.js';
import type { OperationContext } from './operation-context.js';

type LoginHandlers = Pick<ContractHandlers, 'startLogin' | 'completeLogin' | 'loginStatus' | 'cancelLogin'>;

export function loginOperations(context: OperationContext): LoginHandlers {
  function authOf(providerId: string): ProviderAuth {
    const provider = findProvider(context.providers, providerId);
    if (!provider.auth) {
      throw new BadRequestError(`${provider.displayName} has no login: its accounts are configured in settings.`, 'providerId');
    }
    return provider.auth;
  }

  return {
    async startLogin({ providerId }) {
      const auth = authOf(providerId);
      const start = await auth.startLogin();
      context.logins.track(auth, start);
      return start;
    },

    async completeLogin({ providerId, url, code, state }) {
      const auth = authOf(providerId);
      const parsed = parseRedirectInput({ url, code, state: state ?? context.logins.onlyPendingState(providerId) });
      if (parsed.kind === 'error') {
        const reason = parsed.description ? `${parsed.error} (${parsed.description})` : parsed.error;
        const message = `${findProvider(context.providers, providerId).displayName} refused the login: ${reason}.`;
        if (parsed.state) auth.cancelLogin(parsed.state, message);
        throw new BadRequestError(message, url !== undefined ? 'url' : 'code', 'auth_required');
      }
      const account = await auth.completeLogin({ code: parsed.code, state: parsed.state });
      context.watcher.schedule();
      return accountView(account, context.cooldowns(), context.now());
    },

    async loginStatus({ providerId, state, waitMs }) {
      findProvider(context.providers, providerId);
      return context.logins.status(providerId, state, waitMs);
    },

    async cancelLogin({ providerId, state }) {
      return context.logins.cancel(authOf(providerId), providerId, state);
    },
  };
}
