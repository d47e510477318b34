import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fake } from './fake-electron.js';
import { VaultStore } from '../../electron/core/vault/vault-store.js';

vi.mock('electron', async () => (await import('./fake-electron.js')).electronModule);

const { createSafeStorageCipher, basicTextWarning } = await import('../../electron/main/safe-storage-cipher.js');

let home: string;
beforeEach(() => {
  fake.reset();
  home = mkdtempSync(join(tmpdir(), 'switchyard-safe-storage-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('the safeStorage cipher', () => {
  it('round-trips arbitrary bytes through the synchronous API of Electron 38, naming the Linux backend', async () => {
    const cipher = await createSafeStorageCipher('linux');
    expect(cipher).toMatchObject({ name: 'safe-storage:gnome_libsecret', warning: undefined, api: 'sync' });
    const plain = Buffer.from([0, 1, 2, 250, 255, ...Buffer.from('{"token":"sk-secret"}')]);
    const sealed = await cipher.encrypt(plain);
    expect(sealed.toString('utf8')).not.toContain('sk-secret');
    expect(await cipher.decrypt(sealed)).toEqual(plain);
    expect(fake.safeStorage.calls).toEqual(['encryptString', 'decryptString']);
  });

  it('uses the asynchronous API where the running Electron has it', async () => {
    fake.setAsyncSafeStorage(true);
    const cipher = await createSafeStorageCipher('darwin');
    expect(cipher).toMatchObject({ name: 'safe-storage', api: 'async', backend: undefined });
    expect(await cipher.decrypt(await cipher.encrypt(Buffer.from('hello')))).toEqual(Buffer.from('hello'));
    expect(fake.safeStorage.calls).toEqual(['encryptStringAsync', 'decryptStringAsync']);
  });

  it('reports basic_text: secrets are not protected by the OS on this machine', async () => {
    fake.safeStorage.backend = 'basic_text';
    fake.safeStorage.available = false;
    const cipher = await createSafeStorageCipher('linux');
    expect(cipher.name).toBe('safe-storage:basic_text');
    expect(cipher.warning).toBe(basicTextWarning);
    expect(cipher.warning).toMatch(/not protected by the OS/);
    expect(fake.safeStorage.plainTextForced).toBe(true);
    expect(await cipher.decrypt(await cipher.encrypt(Buffer.from('x')))).toEqual(Buffer.from('x'));
  });

  it('refuses to open the vault when no encryption is available', async () => {
    fake.safeStorage.available = false;
    await expect(createSafeStorageCipher('win32')).rejects.toThrow(/cannot encrypt/);
  });

  it('seals the vault, which a restart opens again', async () => {
    const cipher = await createSafeStorageCipher('linux');
    const vault = await VaultStore.open(home, cipher);
    await vault.update((data) => {
      data.secrets['client-api-key'] = 'sy-abcdef';
    });
    expect(readFileSync(join(home, 'vault.json'), 'utf8')).not.toContain('sy-abcdef');
    expect((await VaultStore.open(home, cipher)).getSecret('client-api-key')).toBe('sy-abcdef');
  });
});
