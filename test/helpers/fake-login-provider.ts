/**
 * A provider with a login, for testing the contract's account operations without any real OAuth: its
 * accounts live in the vault like Claude's, `completeLogin` takes any code for a pending state and makes
 * the account `<code>@example.com` with a secret token, and `refreshQuota` writes two windows.
 */
import { randomBytes } from 'node:crypto';
import type { AccountSummary, LoginStart, QuotaWindow } from '../../shared/domain.js';
import { BadRequestError, SwitchyardError } from '../../electron/core/errors/switchyard-error.js';
import type { ProviderAuth } from '../../electron/core/providers/provider-auth.js';
import type { ProviderContext } from '../../electron/core/providers/provider-context.js';
import type { Provider } from '../../electron/core/providers/provider.js';
import type { StoredAccount } from '../../electron/core/vault/vault-store.js';

export const fakeLoginProviderId = 'fake-login';

/** The secret token an account made from `code` holds; tests grep replies, events and the ledger for it. */
export function fakeAccessToken(code: string): string {
  return `fake-access-token-${code}-0123456789abcdef`;
}

function toSummary(account: StoredAccount): AccountSummary {
  const summary: AccountSummary = {
    id: account.id,
    providerId: account.providerId,
    label: account.label,
    status: account.status,
    disabled: account.disabled === true,
  };
  if (account.email) summary.email = account.email;
  if (account.cooldownUntil !== undefined) summary.cooldownUntil = account.cooldownUntil;
  if (account.quota) summary.quota = account.quota;
  return summary;
}

interface Waiter {
  promise: Promise<AccountSummary>;
  resolve(account: AccountSummary): void;
  reject(error: Error): void;
}

export function createFakeLoginProvider(context: ProviderContext): Provider {
  const pending = new Map<string, Waiter>();
  const { vault } = context;

  const auth: ProviderAuth = {
    async startLogin(): Promise<LoginStart> {
      const state = randomBytes(12).toString('hex');
      let resolve!: (account: AccountSummary) => void;
      let reject!: (error: Error) => void;
      const promise = new Promise<AccountSummary>((resolveLogin, rejectLogin) => {
        resolve = resolveLogin;
        reject = rejectLogin;
      });
      promise.catch(() => undefined);
      pending.set(state, { promise, resolve, reject });
      return {
        providerId: fakeLoginProviderId,
        url: `https://login.fake.invalid/authorize?state=${state}`,
        state,
        redirectUri: 'http://localhost:1/callback',
        listening: false,
        expiresAt: context.now() + 600_000,
        termsNotice: "Fake Login's terms apply to the connected account.",
      };
    },
    async completeLogin({ code, state }) {
      const waiter = pending.get(state);
      if (!waiter) throw new BadRequestError('This login state is unknown or already used.', 'state');
      pending.delete(state);
      const token = fakeAccessToken(code);
      context.redactor.addSecret(token);
      const email = `${code}@example.com`;
      const now = context.now();
      const account: StoredAccount = {
        id: `${fakeLoginProviderId}:${email}`,
        providerId: fakeLoginProviderId,
        label: email,
        email,
        credentials: { accessToken: token },
        status: 'ok',
        createdAt: now,
        updatedAt: now,
      };
      await vault.update((data) => {
        data.accounts[account.id] = account;
      });
      waiter.resolve(toSummary(account));
      return toSummary(account);
    },
    waitForLogin(state) {
      return pending.get(state)?.promise ?? Promise.reject(new Error('unknown login state'));
    },
    cancelLogin(state, reason) {
      pending.get(state)?.reject(new Error(reason ?? 'cancelled'));
      pending.delete(state);
    },
    async removeAccount(accountId) {
      const removed = await vault.update((data) => {
        const present = accountId in data.accounts;
        delete data.accounts[accountId];
        return present;
      });
      return { removed, detail: 'Fake Login publishes no revocation; the tokens were removed locally.' };
    },
    async refresh() {},
    async close() {
      for (const waiter of pending.values()) waiter.reject(new Error('closed'));
      pending.clear();
    },
  };

  return {
    id: fakeLoginProviderId,
    displayName: 'Fake Login',
    upstreamFormat: 'openai-chat',
    countsTokens: false,
    resolveModel: async () => undefined,
    listAccounts: () => vault.listAccounts(fakeLoginProviderId).map(toSummary),
    listModels: async () => [],
    execute: async () => {
      throw new SwitchyardError('upstream_unavailable', 502, 'The fake login provider serves no requests.');
    },
    mapError: (failure) => new SwitchyardError('upstream_error', failure.status, failure.bodyText),
    healthChecks: async () => [],
    auth,
    async refreshQuota(accountId) {
      const now = context.now();
      const windows: QuotaWindow[] = [
        { name: '5h', usedFraction: 0.25, resetsAt: now + 3_600_000, status: 'allowed' },
        { name: '7d', usedFraction: 0.5, resetsAt: now + 86_400_000, status: 'allowed' },
      ];
      await vault.update((data) => {
        const account = data.accounts[accountId];
        if (account) account.quota = windows;
      });
      return windows;
    },
    close: () => auth.close(),
  };
}
