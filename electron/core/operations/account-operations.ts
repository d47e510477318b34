/** Providers and their accounts: list, remove, enable/disable, reset a cooldown, refresh quota windows. */
import type { z } from 'zod';
import type { ContractHandlers, providerSummarySchema } from '../../../shared/contract.js';
import type { AccountSummary, RemoveAccountResult } from '../../../shared/domain.js';
import { BadRequestError } from '../errors/switchyard-error.js';
import type { Provider } from '../providers/provider.js';
import { accountView, findAccount, providerAccountViews } from './account-view.js';
import type { OperationContext } from './operation-context.js';

type ProviderSummary = z.infer<typeof providerSummarySchema>;
type AccountHandlers = Pick<ContractHandlers, 'listProviders' | 'removeAccount' | 'setAccountEnabled' | 'resetCooldown' | 'refreshQuota'>;

function summarizeProvider(provider: Provider, accounts: AccountSummary[]): ProviderSummary {
  const enabled = accounts.filter((account) => !account.disabled);
  const usable = enabled.filter((account) => account.status === 'ok' || account.status === 'refreshing');
  const needsLogin = enabled.filter((account) => account.status === 'needs-relogin');
  let state: ProviderSummary['state'] = 'ok';
  let stateDetail = `${usable.length} of ${accounts.length} account${accounts.length === 1 ? '' : 's'} usable`;
  if (accounts.length === 0) {
    state = 'idle';
    stateDetail = provider.auth ? 'No account connected.' : 'No upstream configured.';
  } else if (usable.length === 0) {
    state = enabled.length === 0 ? 'idle' : needsLogin.length === enabled.length ? 'error' : 'warn';
    stateDetail = enabled.length === 0 ? 'Every account is disabled.' : 'No account is usable right now.';
  } else if (needsLogin.length > 0) {
    state = 'warn';
    stateDetail += `; ${needsLogin.length} need${needsLogin.length === 1 ? 's' : ''} a new login`;
  }
  return {
    id: provider.id,
    displayName: provider.displayName,
    upstreamFormat: provider.upstreamFormat,
    accountSource: provider.auth ? 'login' : 'settings',
    canRefreshQuota: provider.refreshQuota !== undefined,
    state,
    stateDetail,
    accounts,
  };
}

export function accountOperations(context: OperationContext): AccountHandlers {
  const view = (accountId: string): AccountSummary => {
    const { account } = findAccount(context.providers, accountId);
    return accountView(account, context.cooldowns(), context.now());
  };

  return {
    async listProviders() {
      const now = context.now();
      return {
        providers: context.providers.map((provider) => summarizeProvider(provider, providerAccountViews(provider, context.cooldowns(), now))),
      };
    },

    async removeAccount({ accountId }) {
      const { provider } = findAccount(context.providers, accountId);
      let result: RemoveAccountResult;
      if (provider.auth) result = await provider.auth.removeAccount(accountId);
      else if (provider.accountControl) result = await provider.accountControl.remove(accountId);
      else {
        const removed = await context.vault.update((data) => {
          const present = accountId in data.accounts;
          delete data.accounts[accountId];
          return present;
        });
        result = { removed, detail: removed ? 'Removed from the vault.' : 'No such account in the vault.' };
      }
      await context.cooldowns()?.clear(accountId);
      context.watcher.schedule();
      return result;
    },

    async setAccountEnabled({ accountId, enabled }) {
      const { provider } = findAccount(context.providers, accountId);
      if (provider.accountControl) await provider.accountControl.setEnabled(accountId, enabled);
      else if (context.vault.getAccount(accountId)) {
        await context.vault.update((data) => {
          const account = data.accounts[accountId];
          if (!account) return;
          account.disabled = !enabled;
          account.updatedAt = context.now();
        });
      } else {
        throw new BadRequestError(`${provider.displayName} cannot enable or disable the account "${accountId}".`, 'accountId');
      }
      context.watcher.schedule();
      return view(accountId);
    },

    async resetCooldown({ accountId }) {
      findAccount(context.providers, accountId);
      await context.cooldowns()?.clear(accountId);
      const stored = context.vault.getAccount(accountId);
      if (stored && (stored.cooldownUntil !== undefined || stored.status === 'cooling-down')) {
        await context.vault.update((data) => {
          const account = data.accounts[accountId];
          if (!account) return;
          delete account.cooldownUntil;
          if (account.status === 'cooling-down') account.status = 'ok';
          account.updatedAt = context.now();
        });
      }
      context.logger.info({ account: context.hasher.hash(accountId) }, 'cooldown reset by a user');
      context.watcher.schedule();
      return view(accountId);
    },

    async refreshQuota({ accountId }) {
      const targets: Array<{ provider: Provider; accountId: string }> = [];
      if (accountId !== undefined) {
        const { provider } = findAccount(context.providers, accountId);
        if (!provider.refreshQuota) {
          throw new BadRequestError(`${provider.displayName} has no usage endpoint; its quota windows come from response headers.`, 'accountId');
        }
        targets.push({ provider, accountId });
      } else {
        for (const provider of context.providers) {
          if (!provider.refreshQuota) continue;
          for (const account of provider.listAccounts()) if (!account.disabled) targets.push({ provider, accountId: account.id });
        }
      }
      const failures: Array<{ accountId: string; error: string }> = [];
      await Promise.all(
        targets.map(async (target) => {
          try {
            await target.provider.refreshQuota?.(target.accountId);
          } catch (error) {
            failures.push({ accountId: target.accountId, error: context.redactor.redactString((error as Error).message) });
          }
        }),
      );
      context.watcher.schedule();
      return { accounts: targets.map((target) => view(target.accountId)), failures };
    },
  };
}
