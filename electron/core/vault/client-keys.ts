/**
 * The client API key (what local tools send) and the management key (dashboard, CLI): 128 random bits
 * each, made on first start and kept in the vault. SWITCHYARD_API_KEY / SWITCHYARD_MANAGEMENT_KEY win.
 */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { VaultStore } from './vault-store.js';

export const clientKeySecret = 'client-api-key';
export const managementKeySecret = 'management-key';

export function generateKey(prefix: string): string {
  return `${prefix}${randomBytes(16).toString('hex')}`;
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

function sha256(text: string): Buffer {
  // The one-shot hash (Node 20.12+) skips the Hash object: this runs for every request.
  return hash('sha256', text, 'buffer');
}

/** Digests of the few keys we compare against (client, management), so a request hashes only what it presented. */
const expectedDigests = new Map<string, Buffer>();

function expectedDigest(expected: string): Buffer {
  let digest = expectedDigests.get(expected);
  if (!digest) {
    if (expectedDigests.size >= 8) expectedDigests.clear();
    digest = sha256(expected);
    expectedDigests.set(expected, digest);
  }
  return digest;
}

/** Constant-time comparison; hashing first makes the lengths equal. */
export function keysMatch(presented: string | undefined, expected: string): boolean {
  if (!presented) return false;
  return timingSafeEqual(sha256(presented), expectedDigest(expected));
}
