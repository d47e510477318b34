/**
 * Settings: the effective values (secrets masked), saving only what changed, with every refusal tied to
 * its field; and the client API key: masked, revealed on request, copied, rotated.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClientKeyView, SettingsView } from '../contract-types.js';
import type { Transport } from '../transport/transport.js';
import { errorInWords, fieldOf } from '../transport/transport-error.js';
import { fieldByKey, formatField, parseField, settingFields } from './settings-fields.js';

export interface SettingsState {
  view: SettingsView | undefined;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | undefined;
  saving: boolean;
  /** Field key -> why its value was refused. */
  fieldErrors: Record<string, string>;
  /** What the last save did, in words. */
  saveMessage: string | undefined;
  /** Why the last save failed, when no single field is to blame. */
  saveError: string | undefined;
  clientKey: ClientKeyView | undefined;
  keyBusy: boolean;
  keyError: string | undefined;
  load(): Promise<void>;
  /** Drafts are the fields' texts; only changed fields are sent. Returns whether it saved. */
  save(drafts: Record<string, string>): Promise<boolean>;
  loadKey(reveal?: boolean): Promise<void>;
  rotateKey(): Promise<void>;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(transport: Transport): SettingsStore {
  return createStore<SettingsState>()((set, get) => ({
    view: undefined,
    status: 'idle',
    error: undefined,
    saving: false,
    fieldErrors: {},
    saveMessage: undefined,
    saveError: undefined,
    clientKey: undefined,
    keyBusy: false,
    keyError: undefined,

    async load() {
      if (get().status === 'idle') set({ status: 'loading' });
      try {
        set({ view: await transport.call('getSettings', {}), status: 'ready', error: undefined });
      } catch (error) {
        set({ status: 'error', error: errorInWords(error) });
      }
    },

    async save(drafts) {
      const current = get().view?.settings ?? {};
      const patch: Record<string, unknown> = {};
      const fieldErrors: Record<string, string> = {};
      for (const field of settingFields) {
        const draft = drafts[field.key];
        if (draft === undefined || draft === formatField(field, current[field.key])) continue;
        const parsed = parseField(field, draft);
        if (parsed.ok) patch[field.key] = parsed.value;
        else fieldErrors[field.key] = parsed.error;
      }
      if (Object.keys(fieldErrors).length > 0) {
        set({ fieldErrors, saveMessage: undefined, saveError: undefined });
        return false;
      }
      if (Object.keys(patch).length === 0) {
        set({ fieldErrors: {}, saveMessage: 'Nothing changed.', saveError: undefined });
        return true;
      }
      set({ saving: true, fieldErrors: {}, saveMessage: undefined, saveError: undefined });
      try {
        const view = await transport.call('updateSettings', { patch });
        const restart = view.restartRequired.map((key) => fieldByKey(key)?.label ?? key);
        set({ view, saveMessage: restart.length > 0 ? `Saved. Restart Switchyard for ${restart.join(', ')} to take effect.` : 'Saved.' });
        return true;
      } catch (error) {
        const field = fieldOf(error, 'patch');
        const known = field && fieldByKey(field);
        set(known ? { fieldErrors: { [known.key]: `${known.label}: ${errorInWords(error)}` } } : { saveError: errorInWords(error) });
        return false;
      } finally {
        set({ saving: false });
      }
    },

    async loadKey(reveal = false) {
      set({ keyBusy: true, keyError: undefined });
      try {
        set({ clientKey: await transport.call('getClientKey', { reveal }) });
      } catch (error) {
        set({ keyError: errorInWords(error) });
      } finally {
        set({ keyBusy: false });
      }
    },

    async rotateKey() {
      set({ keyBusy: true, keyError: undefined });
      try {
        set({ clientKey: await transport.call('rotateClientKey', { reveal: get().clientKey?.revealed ?? false }) });
      } catch (error) {
        set({ keyError: errorInWords(error) });
      } finally {
        set({ keyBusy: false });
      }
    },
  }));
}
