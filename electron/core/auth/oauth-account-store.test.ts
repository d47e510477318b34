import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createHeadlessCipher } from '../vault/headless-cipher.js';
import { VaultStore } from '../vault/vault-store.js';
import { AccountGoneError, OAuthAccountStore, type OAuthGrant, type RefreshedFields } from './oauth-account-store.js';

interface TestGrant extends OAuthGrant {
  plan?: string;
}

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

async function store(refreshedFields?: (grant: TestGrant) => RefreshedFields) {
  const home = mkdtempSync(join(tmpdir(), 'switchyard-oauth-accounts-'));
  homes.push(home);
  const vault = await VaultStore.open(home, createHeadlessCipher(home, { useKeyring: false }));
  let time = 1_000;
  const accounts = new OAuthAccountStore<TestGrant>({
    providerId: 'example',
    tokenIssuer: 'Example',
    vault,
    now: () => time,
    logger: pino({ level: 'silent' }),
    ...(refreshedFields ? { refreshedFields } : {}),
  });
  return { accounts, vault, tick: (ms: number) => (time += ms) };
}

const grant = (accessToken: string, refreshToken?: string): TestGrant => ({
  accessToken,
  ...(refreshToken ? { refreshToken } : {}),
  expiresAt: 100_000,
  issuedAt: 1_000,
});

describe('OAuthAccountStore', () => {
  it('stores a login under <provider>:<email>, with the provider fields after the tokens', async () => {
    const { accounts } = await store();
    const saved = await accounts.saveLogin({ email: 'User@Example.com', plan: 'pro', grant: grant('at', 'rt'), extraCredentials: { accountId: 'a1' } });
    expect(saved).toMatchObject({ id: 'example:user@example.com', label: 'User@Example.com', plan: 'pro', status: 'ok', createdAt: 1_000 });
    expect(Object.entries(saved.credentials)).toEqual([
      ['accessToken', 'at'],
      ['refreshToken', 'rt'],
      ['accountId', 'a1'],
    ]);
    await expect(accounts.saveLogin({ email: 'x@example.com', grant: grant('at') })).rejects.toThrow(
      "Example's token endpoint answered the login without a refresh_token.",
    );
  });

  it('keeps the old refresh token when a refresh answer has none, and applies the provider fields', async () => {
    const { accounts } = await store((refreshed) => ({ credentials: { idToken: `id-${refreshed.accessToken}` }, ...(refreshed.plan ? { plan: refreshed.plan } : {}) }));
    await accounts.saveLogin({ email: 'user@example.com', grant: grant('at', 'rt') });
    await accounts.setStatus('example:user@example.com', 'ok', 'last token refresh failed');
    await accounts.saveGrant('example:user@example.com', { ...grant('at2'), plan: 'max' });
    const stored = accounts.get('example:user@example.com');
    expect(stored?.credentials).toEqual({ accessToken: 'at2', refreshToken: 'rt', idToken: 'id-at2' });
    expect(stored).toMatchObject({ plan: 'max', status: 'ok' });
    expect(stored?.statusDetail).toBeUndefined();
    await expect(accounts.saveGrant('example:gone@example.com', grant('x'))).rejects.toBeInstanceOf(AccountGoneError);
  });

  it('summarises without secrets, and removes', async () => {
    const { accounts, vault } = await store();
    const saved = await accounts.saveLogin({ email: 'user@example.com', grant: grant('at', 'rt') });
    await accounts.setStatus(saved.id, 'needs-relogin', 'token refresh failed');
    const summary = accounts.summary(accounts.get(saved.id)!, false);
    expect(summary).toEqual({
      id: saved.id,
      providerId: 'example',
      label: 'user@example.com',
      email: 'user@example.com',
      status: 'needs-relogin',
      statusDetail: 'token refresh failed',
      disabled: false,
      expiresAt: 100_000,
    });
    expect(accounts.summary(accounts.get(saved.id)!, true).status).toBe('refreshing');
    expect(await accounts.remove(saved.id)).toBe(true);
    expect(await accounts.remove(saved.id)).toBe(false);
    expect(vault.listAccounts('example')).toEqual([]);
  });
});
