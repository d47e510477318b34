import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeadlessCipher, keyFileWarning } from './headless-cipher.js';
import { VaultStore } from './vault-store.js';
import { ensureAccessKeys, keysMatch } from './client-keys.js';

const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'switchyard-vault-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('vault', () => {
  it('encrypts records at rest and reads them back after reopening', async () => {
    const home = tempHome();
    const vault = await VaultStore.open(home, createHeadlessCipher(home, { useKeyring: false }));
    await vault.update((data) => {
      data.secrets.token = 'sk-ant-oat01-very-secret-token';
    });
    const raw = readFileSync(join(home, 'vault.json'), 'utf8');
    expect(raw).not.toContain('very-secret');
    const reopened = await VaultStore.open(home, createHeadlessCipher(home, { useKeyring: false }));
    expect(reopened.getSecret('token')).toBe('sk-ant-oat01-very-secret-token');
  });

  it('keeps the key file at 0600 and warns about it', async () => {
    const home = tempHome();
    const cipher = createHeadlessCipher(home, { useKeyring: false });
    expect(cipher.warning).toBe(keyFileWarning);
    expect(statSync(join(home, 'vault.key')).mode & 0o777).toBe(0o600);
    const vault = await VaultStore.open(home, cipher);
    await vault.update(() => undefined);
    expect(statSync(join(home, 'vault.json')).mode & 0o777).toBe(0o600);
  });

  it('falls back to the key file when the keyring does not answer', () => {
    const home = tempHome();
    const cipher = createHeadlessCipher(home);
    expect(['aes-256-gcm+keyring', 'aes-256-gcm+keyfile']).toContain(cipher.name);
  });

  it('serialises concurrent updates', async () => {
    const home = tempHome();
    const vault = await VaultStore.open(home, createHeadlessCipher(home, { useKeyring: false }));
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        vault.update((data) => {
          data.secrets[`k${index}`] = String(index);
        }),
      ),
    );
    const reopened = await VaultStore.open(home, createHeadlessCipher(home, { useKeyring: false }));
    expect(Object.keys(reopened.snapshot().secrets)).toHaveLength(20);
  });

  it('makes 128-bit client and management keys once, and lets env vars override them', async () => {
    const home = tempHome();
    const vault = await VaultStore.open(home, createHeadlessCipher(home, { useKeyring: false }));
    const first = await ensureAccessKeys(vault, {});
    const second = await ensureAccessKeys(vault, {});
    expect(first.clientKey).toMatch(/^sy-[0-9a-f]{32}$/);
    expect(first.managementKey).toMatch(/^sym-[0-9a-f]{32}$/);
    expect(second.clientKey).toBe(first.clientKey);
    expect(first.clientKey).not.toBe(first.managementKey);
    const overridden = await ensureAccessKeys(vault, { SWITCHYARD_API_KEY: 'mine', SWITCHYARD_MANAGEMENT_KEY: 'admin' });
    expect(overridden).toMatchObject({ clientKey: 'mine', managementKey: 'admin', clientKeySource: 'env' });
  });

  it('compares keys in constant time without length leaks', () => {
    expect(keysMatch('abc', 'abc')).toBe(true);
    expect(keysMatch('abcd', 'abc')).toBe(false);
    expect(keysMatch('ab', 'abc')).toBe(false);
    expect(keysMatch('abd', 'abc')).toBe(false);
    expect(keysMatch('é', 'ab')).toBe(false);
    expect(keysMatch(undefined, 'abc')).toBe(false);
  });
});
