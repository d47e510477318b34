/**
 * Adding, changing and removing OpenAI-compatible entries in the `openaiCompatible` setting. Each entry is
 * one account, so enabling, disabling and removing those accounts also goes through here.
 */
import type { RemoveAccountResult } from '../../../../shared/domain.js';
import type { OpenAiCompatibleEntry } from '../../config/settings-schema.js';
import type { SettingsStore } from '../../config/settings-store.js';
import { BadRequestError, SwitchyardError } from '../../errors/switchyard-error.js';
import type { ProviderAccountControl } from '../provider.js';
import { entryAccountId } from './openai-compatible-auth.js';

const settingKey = 'openaiCompatible';

/** `null` clears an optional field; `undefined` keeps it. */
export interface OpenAiCompatiblePatch {
  baseUrl?: string;
  apiKey?: string | null;
  models?: string[] | null;
  headers?: Record<string, string> | null;
  disabled?: boolean;
}

export class OpenAiCompatibleEntries {
  constructor(private readonly settings: SettingsStore) {}

  list(): OpenAiCompatibleEntry[] {
    return this.settings.get().openaiCompatible;
  }

  find(name: string): OpenAiCompatibleEntry | undefined {
    return this.list().find((entry) => entry.name === name);
  }

  findByAccountId(accountId: string): OpenAiCompatibleEntry | undefined {
    return this.list().find((entry) => entryAccountId(entry) === accountId);
  }

  add(entry: OpenAiCompatibleEntry): OpenAiCompatibleEntry {
    if (this.find(entry.name)) throw new BadRequestError(`An OpenAI-compatible upstream named "${entry.name}" already exists.`, 'entry.name', 'bad_request', 409);
    this.save([...this.list(), entry]);
    return this.require(entry.name);
  }

  update(name: string, patch: OpenAiCompatiblePatch): OpenAiCompatibleEntry {
    const current = this.require(name);
    const next: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete next[key];
      else if (value !== undefined) next[key] = value;
    }
    this.save(this.list().map((entry) => (entry.name === name ? (next as OpenAiCompatibleEntry) : entry)));
    return this.require(name);
  }

  remove(name: string): boolean {
    if (!this.find(name)) return false;
    this.save(this.list().filter((entry) => entry.name !== name));
    return true;
  }

  /** The account side, for the provider's `accountControl`. */
  accountControl(): ProviderAccountControl {
    return {
      setEnabled: async (accountId, enabled) => {
        const entry = this.findByAccountId(accountId);
        if (!entry) throw new SwitchyardError('not_found', 404, `No OpenAI-compatible upstream has the account id "${accountId}".`, { param: 'accountId' });
        this.update(entry.name, { disabled: !enabled });
      },
      remove: async (accountId): Promise<RemoveAccountResult> => {
        const entry = this.findByAccountId(accountId);
        const removed = entry ? this.remove(entry.name) : false;
        return { removed, detail: removed ? `Removed the upstream "${entry?.name}" from settings.` : 'No such upstream.' };
      },
    };
  }

  private require(name: string): OpenAiCompatibleEntry {
    const entry = this.find(name);
    if (!entry) throw new SwitchyardError('not_found', 404, `No OpenAI-compatible upstream is named "${name}".`, { param: 'name' });
    return entry;
  }

  private save(entries: OpenAiCompatibleEntry[]): void {
    if (this.settings.envOverridden().includes(settingKey)) {
      throw new BadRequestError(
        'The OpenAI-compatible upstreams come from the SWITCHYARD_OPENAI_COMPATIBLE environment variable; change them there.',
        settingKey,
        'bad_request',
        409,
      );
    }
    this.settings.update({ [settingKey]: entries });
  }
}
