/**
 * Accounts as every surface shows them: the provider's summary with the routing cooldown laid over it,
 * and `disabled` reflected in the status. Looked up through the Provider interface only.
 */
import type { AccountSummary } from '../../../shared/domain.js';
import { SwitchyardError } from '../errors/switchyard-error.js';
import type { Provider } from '../providers/provider.js';

/** What routing knows about cooldowns (issue 7's CooldownStore fits this shape). */
export interface CooldownSource {
  get(accountId: string): { until: number; reason: string } | undefined;
  clear(accountId: string): Promise<void>;
  onChange?(listener: (accountId: string) => void): () => void;
}

export function accountView(account: AccountSummary, cooldowns: CooldownSource | undefined, now: number): AccountSummary {
  const view: AccountSummary = { ...account };
  if (view.quota) view.quota = view.quota.map((window) => ({ ...window }));
  const cooldown = cooldowns?.get(account.id);
  if (cooldown && cooldown.until > now && (view.cooldownUntil === undefined || view.cooldownUntil < cooldown.until)) {
    view.cooldownUntil = cooldown.until;
    view.statusDetail ??= cooldown.reason;
  }
  if (view.cooldownUntil !== undefined && view.cooldownUntil <= now) delete view.cooldownUntil;
  if (view.status === 'cooling-down' && view.cooldownUntil === undefined) view.status = 'ok';
  if (view.status === 'ok' && view.cooldownUntil !== undefined) view.status = 'cooling-down';
  if (view.disabled) view.status = 'disabled';
  return view;
}

export function providerAccountViews(provider: Provider, cooldowns: CooldownSource | undefined, now: number): AccountSummary[] {
  return provider.listAccounts().map((account) => accountView(account, cooldowns, now));
}

export function findAccount(providers: readonly Provider[], accountId: string): { provider: Provider; account: AccountSummary } {
  for (const provider of providers) {
    const account = provider.listAccounts().find((candidate) => candidate.id === accountId);
    if (account) return { provider, account };
  }
  throw new SwitchyardError('not_found', 404, `No account has the id "${accountId}". List them with listProviders.`, { param: 'accountId' });
}

export function findProvider(providers: readonly Provider[], providerId: string): Provider {
  const provider = providers.find((candidate) => candidate.id === providerId);
  if (!provider) {
    const known = providers.map((candidate) => candidate.id).join(', ');
    throw new SwitchyardError('not_found', 404, `No provider has the id "${providerId}" (known: ${known}).`, { param: 'providerId' });
  }
  return provider;
}
