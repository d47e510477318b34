/**
 * Accounts appear in the ledger, the logs and events only as a keyed hash: HMAC-SHA256 of the account
 * id (which holds the email) under a random key kept in the vault, so the ledger alone reveals no email
 * and a guessed email cannot be checked against it.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { VaultStore } from '../vault/vault-store.js';

export const accountHashSecret = 'account-hash-key';

export class AccountHasher {
  private key: string;
  /** Hashes already made: a request hashes its account on the hot path, and there are only a few accounts. */
  private readonly hashes = new Map<string, string>();
  /** Resolves once the key is persisted in the vault. */
  readonly ready: Promise<void>;

  constructor(vault: VaultStore) {
    const stored = vault.getSecret(accountHashSecret);
    this.key = stored ?? randomBytes(32).toString('base64');
    this.ready = stored
      ? Promise.resolve()
      : vault.update((data) => {
          // Another writer may have made one first; keep theirs so hashes stay stable.
          const existing = data.secrets[accountHashSecret];
          if (existing) {
            this.key = existing;
            this.hashes.clear();
          }
          else data.secrets[accountHashSecret] = this.key;
        });
    // start() awaits `ready`; this only keeps an early failure from being an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  hash(accountId: string): string {
    let hash = this.hashes.get(accountId);
    if (hash === undefined) {
      hash = createHmac('sha256', this.key).update(accountId).digest('hex').slice(0, 16);
      if (this.hashes.size >= 1_000) this.hashes.clear();
      this.hashes.set(accountId, hash);
    }
    return hash;
  }
}
