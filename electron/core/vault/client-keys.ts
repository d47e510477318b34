/**
 * The client API key (what local tools send) and the management key (dashboard, CLI): 128 random bits
 * each, made on first start and kept in the vault. SWITCHYARD_API_KEY / SWITCHYARD_MANAGEMENT_KEY win.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { VaultStore } from './vault-store.js';

export const clientKeySecret = 'client-api-key';
export const managementKeySecret = 'management-key';

export function generateKey(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
}

/** Why rotation is refused while SWITCHYARD_API_KEY is set: a stored key would never be used. */
export const clientKeyFromEnvMessage = 'The client key comes from SWITCHYARD_API_KEY; change it there.';

/** Rotation: a new client key, written to the vault; returns it. Callers refuse first when the env sets the key. */
export async function storeNewClientKey(vault: VaultStore): Promise<string> {
  const key = generateKey('sy-');
  await vault.update((data) => {
    data.secrets[clientKeySecret] = key;
  });
  return key;
}

export interface AccessKeys {
  clientKey: string;
  managementKey: string;
  /** Where each key came from, for `switchyard key` and health. */
  clientKeySource: 'env' | 'vault';
  managementKeySource: 'env' | 'vault';
}

export async function ensureAccessKeys(vault: VaultStore, environment: NodeJS.ProcessEnv): Promise<AccessKeys> {
  let storedClient = vault.getSecret(clientKeySecret);
  let storedManagement = vault.getSecret(managementKeySecret);
  if (!storedClient || !storedManagement) {
    const client = storedClient ?? generateKey('sy-');
    const management = storedManagement ?? generateKey('sym-');
    await vault.update((data) => {
      data.secrets[clientKeySecret] = client;
      data.secrets[managementKeySecret] = management;
    });
    storedClient = client;
    storedManagement = management;
  }
  const envClient = environment.SWITCHYARD_API_KEY;
  const envManagement = environment.SWITCHYARD_MANAGEMENT_KEY;
  return {
    clientKey: envClient || storedClient,
    managementKey: envManagement || storedManagement,
    clientKeySource: envClient ? 'env' : 'vault',
    managementKeySource: envManagement ? 'env' : 'vault',
  };
}

/** The few keys we compare against (client, management) as bytes, made once rather than per request. */
const expectedBytes = new Map<string, Buffer>();

function bytesOf(expected: string): Buffer {
  let bytes = expectedBytes.get(expected);
  if (!bytes) {
    if (expectedBytes.size >= 8) expectedBytes.clear();
    bytes = Buffer.from(expected, 'utf8');
    expectedBytes.set(expected, bytes);
  }
  return bytes;
}

/**
 * Constant-time comparison without hashing every request: the presented key is copied into a buffer of
 * the expected key's length, so the time taken tells a caller neither how much of a guess was right nor
 * whether its length was.
 */
export function keysMatch(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  const wanted = bytesOf(expected);
  const given = Buffer.alloc(wanted.length);
  const written = given.write(presented, 'utf8');
  const sameBytes = timingSafeEqual(given, wanted);
  return sameBytes && written === wanted.length && Buffer.byteLength(presented, 'utf8') === wanted.length;
}
