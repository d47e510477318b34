/**
 * The vault's Cipher in the app: Electron's safeStorage (Keychain, DPAPI, libsecret/kwallet).
 * Uses the asynchronous API where the running Electron has it (the synchronous one is deprecated in
 * later versions; Electron 38 has only the synchronous one). On Linux the selected backend is part of
 * the name, and `basic_text` (no OS secret store: a hard-coded key) sets the warning that health and
 * the dashboard show. Bytes go through base64 because safeStorage seals strings.
 */
import { safeStorage } from 'electron';
import type { Cipher } from '../core/vault/cipher.js';

export const basicTextWarning =
  'No OS secret store (libsecret or kwallet) is available, so Electron seals the vault with a built-in key: secrets are not protected by the OS on this machine.';

/** The asynchronous API of later Electron versions, detected at run time. */
interface AsyncSafeStorage {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

type SafeStorageLike = Pick<typeof safeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend' | 'setUsePlainTextEncryption'>;

function asyncApi(storage: object): AsyncSafeStorage | undefined {
  const candidate = storage as Partial<AsyncSafeStorage>;
  return typeof candidate.encryptStringAsync === 'function' &&
    typeof candidate.decryptStringAsync === 'function' &&
    typeof candidate.isAsyncEncryptionAvailable === 'function'
    ? (candidate as AsyncSafeStorage)
    : undefined;
}

export interface SafeStorageCipher extends Cipher {
  /** Which API seals: `async` where available, else `sync`. */
  readonly api: 'async' | 'sync';
  readonly backend: string | undefined;
}

/** Call after `app.whenReady()`: safeStorage is not usable before. */
export async function createSafeStorageCipher(platform: NodeJS.Platform = process.platform, storage: SafeStorageLike = safeStorage): Promise<SafeStorageCipher> {
  const backend = platform === 'linux' ? storage.getSelectedStorageBackend() : undefined;
  const warning = backend === 'basic_text' ? basicTextWarning : undefined;
  const modern = asyncApi(storage);
  let available = modern ? await modern.isAsyncEncryptionAvailable() : storage.isEncryptionAvailable();
  if (!available && backend === 'basic_text' && !modern) {
    // Without a secret store Linux refuses until told to use its built-in key; the warning says so.
    storage.setUsePlainTextEncryption(true);
    available = storage.isEncryptionAvailable();
  }
  if (!available) {
    throw new Error(`safeStorage cannot encrypt on this machine${backend ? ` (backend ${backend})` : ''}; the vault cannot be opened.`);
  }
  const name = `safe-storage${backend ? `:${backend}` : ''}`;
  return {
    name,
    warning,
    api: modern ? 'async' : 'sync',
    backend,
    async encrypt(plain) {
      const text = plain.toString('base64');
      return modern ? modern.encryptStringAsync(text) : storage.encryptString(text);
    },
    async decrypt(sealed) {
      const text = modern ? (await modern.decryptStringAsync(sealed)).result : storage.decryptString(sealed);
      return Buffer.from(text, 'base64');
    },
  };
}
