/**
 * The encrypted store of accounts and secrets. One sealed file, replaced atomically on every change
 * (write-file-atomic: temp file, fsync, rename), so a kill at any moment leaves the old or the new vault.
 * Changes are serialised through one queue.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import type { AccountStatus, QuotaWindow } from '../../../shared/domain.js';
import type { Cipher } from './cipher.js';

export type { AccountStatus };

export interface StoredAccount {
  /** Stable id: `<providerId>:<label>`. */
  id: string;
  providerId: string;
  /** The email or the user's label for this account. */
  label: string;
  email?: string;
  plan?: string;
  organization?: string;
  /** Provider-specific credentials (access/refresh tokens, account ids). Never leave the core. */
  credentials: Record<string, string>;
  /** Access token expiry, epoch ms. */
  expiresAt?: number;
  /** When the access token was issued, epoch ms (refresh half-way through short lifetimes). */
  issuedAt?: number;
  status: AccountStatus;
  disabled?: boolean;
  statusDetail?: string;
  /** Cooling down until this time (epoch ms); persisted so a restart does not forget it. */
  cooldownUntil?: number;
  /** Quota windows last read from the upstream. */
  quota?: QuotaWindow[];
  createdAt: number;
  updatedAt: number;
}

export interface VaultData {
  version: 1;
  secrets: Record<string, string>;
  accounts: Record<string, StoredAccount>;
}

const emptyVault = (): VaultData => ({ version: 1, secrets: {}, accounts: {} });

export class VaultStore {
  readonly path: string;
  private data: VaultData = emptyVault();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changeListeners = new Set<() => void>();

  private constructor(
    readonly cipher: Cipher,
    home: string,
  ) {
    this.path = join(home, 'vault.json');
  }

  static async open(home: string, cipher: Cipher): Promise<VaultStore> {
    const store = new VaultStore(cipher, home);
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    if (!existsSync(this.path)) return;
    const envelope = JSON.parse(readFileSync(this.path, 'utf8')) as { version: number; cipher: string; sealed: string };
    let plain: Buffer;
    try {
      plain = await this.cipher.decrypt(Buffer.from(envelope.sealed, 'base64'));
    } catch (error) {
      throw new Error(`The vault ${this.path} could not be decrypted with the ${this.cipher.name} key: ${(error as Error).message}`);
    }
    this.data = { ...emptyVault(), ...(JSON.parse(plain.toString('utf8')) as VaultData) };
  }

  /** Told after every persisted change (account status events). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** A deep copy: callers never mutate the live data. */
  snapshot(): VaultData {
    return structuredClone(this.data);
  }

  getSecret(name: string): string | undefined {
    return this.data.secrets[name];
  }

  getAccount(id: string): StoredAccount | undefined {
    const account = this.data.accounts[id];
    return account ? structuredClone(account) : undefined;
  }

  listAccounts(providerId?: string): StoredAccount[] {
    return Object.values(this.data.accounts)
      .filter((account) => providerId === undefined || account.providerId === providerId)
      .map((account) => structuredClone(account));
  }

  /** Apply a change and persist it before resolving. Changes run one at a time. */
  update<Result>(mutate: (data: VaultData) => Result): Promise<Result> {
    const run = this.queue.then(async () => {
      const next = structuredClone(this.data);
      const result = mutate(next);
      await this.persist(next);
      this.data = next;
      for (const listener of this.changeListeners) listener();
      return result;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async persist(data: VaultData): Promise<void> {
    const sealed = await this.cipher.encrypt(Buffer.from(JSON.stringify(data), 'utf8'));
    const envelope = { version: 1, cipher: this.cipher.name, sealed: sealed.toString('base64') };
    await writeFileAtomic(this.path, JSON.stringify(envelope), { mode: 0o600, fsync: true });
  }
}
