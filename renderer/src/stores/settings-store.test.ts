import { describe, expect, it } from 'vitest';
import { FakeTransport, refusal } from '../testing/fake-transport.js';
import { formatField, parseField, settingFields } from './settings-fields.js';
import { createSettingsStore } from './settings-store.js';

const field = (key: string) => settingFields.find((candidate) => candidate.key === key)!;
const view = (settings: Record<string, unknown>) => ({ settings, envOverridden: [], path: '/tmp/settings.json', restartRequired: [] });

describe('settings fields', () => {
  it('name the field and what is wrong', () => {
    expect(parseField(field('port'), '80a')).toEqual({ ok: false, error: 'Port: enter a whole number from 1 to 65535.' });
    expect(parseField(field('port'), '70000')).toMatchObject({ ok: false });
    expect(parseField(field('connectTimeoutMs'), '0')).toEqual({ ok: false, error: 'Connect timeout (ms): enter a whole number of at least 1.' });
    expect(parseField(field('logLevel'), 'loud')).toMatchObject({ ok: false, error: expect.stringContaining('Log level') });
    expect(parseField(field('routingStrategy'), 'claude = random')).toEqual({
      ok: false,
      error: 'Account strategies, line 1: "random" is not one of round-robin, fill-first, priority.',
    });
    expect(parseField(field('modelAliases'), 'fast')).toMatchObject({ ok: false, error: expect.stringContaining('Model aliases, line 1') });
  });

  it('round-trip aliases and fallback chains as lines', () => {
    const fallbacks = { 'claude-sonnet-4-6': ['local/qwen3', 'claude-haiku-4-5'] };
    const text = formatField(field('fallbacks'), fallbacks);
    expect(text).toBe('claude-sonnet-4-6 = local/qwen3, claude-haiku-4-5');
    expect(parseField(field('fallbacks'), `${text}\n\n`)).toEqual({ ok: true, value: fallbacks });
  });
});

describe('the settings store', () => {
  it('sends only what changed, and refuses bad values before sending', async () => {
    const transport = new FakeTransport({
      getSettings: () => view({ port: 8317, logLevel: 'info', retryBudget: 3 }),
      updateSettings: ({ patch }) => ({ ...view({ port: 8317, logLevel: 'info', retryBudget: 3, ...patch }), restartRequired: Object.keys(patch).filter((key) => key === 'port') }),
    });
    const store = createSettingsStore(transport);
    await store.getState().load();
    expect(await store.getState().save({ port: 'x', logLevel: 'info' })).toBe(false);
    expect(store.getState().fieldErrors).toEqual({ port: 'Port: enter a whole number from 1 to 65535.' });
    expect(transport.callsOf('updateSettings')).toEqual([]);
    expect(await store.getState().save({ port: '8400', logLevel: 'info', retryBudget: '3' })).toBe(true);
    expect(transport.callsOf('updateSettings')).toEqual([{ patch: { port: 8400 } }]);
    expect(store.getState().saveMessage).toBe('Saved. Restart Switchyard for Port to take effect.');
  });

  it('ties a refusal from the server to the field it names', async () => {
    const transport = new FakeTransport({
      getSettings: () => view({ retryBudget: 3 }),
      updateSettings: () => {
        throw refusal('Invalid setting "retryBudget" in the update: Too big. The file was left untouched.', 400, 'retryBudget');
      },
    });
    const store = createSettingsStore(transport);
    await store.getState().load();
    expect(await store.getState().save({ retryBudget: '9' })).toBe(false);
    expect(store.getState().fieldErrors.retryBudget).toBe('Attempts per request: Invalid setting "retryBudget" in the update: Too big. The file was left untouched.');
  });
});
