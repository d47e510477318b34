/**
 * The headless vault key: kept in the OS keyring through @napi-rs/keyring; where no keyring answers,
 * a 0600 key file under SWITCHYARD_HOME, with a visible warning.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { Entry } from '@napi-rs/keyring';
import { createAesGcmCipher } from './aes-gcm-cipher.js';
import type { Cipher } from './cipher.js';

const keyringService = 'switchyard';
export const keyFileWarning =
  'No OS keyring answered, so the vault key is kept in a 0600 key file beside the vault. Anyone who can read your files can read your tokens.';

/** One keyring entry per data directory, so test homes and real homes never share a key. */
function keyringAccount(home: string): string {
  return `vault-key-${createHash('sha256').update(home).digest('hex').slice(0, 16)}`;
}

function keyFromKeyring(home: string): Buffer | undefined {
  try {
    const entry = new Entry(keyringService, keyringAccount(home));
    const existing = entry.getPassword();
    if (existing) return Buffer.from(existing, 'base64');
    const key = randomBytes(32);
    entry.setPassword(key.toString('base64'));
    return entry.getPassword() === key.toString('base64') ? key : undefined;
  } catch {
    return undefined;
  }
}

function keyFromFile(home: string): Buffer {
  const path = join(home, 'vault.key');
  if (existsSync(path)) {
    chmodSync(path, 0o600);
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  }
  const key = randomBytes(32);
  writeFileAtomic.sync(path, key.toString('base64'), { mode: 0o600 });
  return key;
}

export interface HeadlessCipherOptions {
  /** `false` skips the keyring (SWITCHYARD_KEYRING=off). */
  useKeyring?: boolean;
}

export function createHeadlessCipher(home: string, options: HeadlessCipherOptions = {}): Cipher {
  const keyFilePath = join(home, 'vault.key');
  // A key file from an earlier run without a keyring stays authoritative, or the vault would not open.
  if (options.useKeyring !== false && !existsSync(keyFilePath)) {
    const key = keyFromKeyring(home);
    if (key) return createAesGcmCipher(key, 'aes-256-gcm+keyring');
  }
  return createAesGcmCipher(keyFromFile(home), 'aes-256-gcm+keyfile', keyFileWarning);
}
