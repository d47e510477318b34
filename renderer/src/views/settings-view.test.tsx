// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTransport, refusal } from '../testing/fake-transport.js';
import { renderWithStores } from '../testing/render-with-stores.js';
import { SettingsView } from './settings-view.js';

afterEach(cleanup);

const settings = { port: 8317, logLevel: 'info', connectTimeoutMs: 10_000, firstByteTimeoutMs: 300_000, healthCheckTimeoutMs: 2_000, retryBudget: 3, modelAliases: { fast: 'local/qwen3' }, fallbacks: {}, routingStrategy: {} };

function setup() {
  let key = 'sy-first-key-0123456789';
  const transport = new FakeTransport({
    getSettings: () => ({ settings, envOverridden: ['logLevel'], path: '/home/me/.config/switchyard/settings.json', restartRequired: [] }),
    updateSettings: ({ patch }) => {
      if ('retryBudget' in patch) throw refusal('Invalid setting "retryBudget" in the update: Too big: expected number to be <=20.', 400, 'retryBudget');
      return { settings: { ...settings, ...patch }, envOverridden: ['logLevel'], path: '/x', restartRequired: [] };
    },
    getClientKey: ({ reveal }) => ({ key: reveal ? key : `••••${key.slice(-4)}`, revealed: Boolean(reveal), source: 'vault' }),
    rotateClientKey: ({ reveal }) => {
      key = 'sy-rotated-key-9876543210';
      return { key: reveal ? key : `••••${key.slice(-4)}`, revealed: Boolean(reveal), source: 'vault' };
    },
  });
  renderWithStores(<SettingsView />, transport);
  return transport;
}

describe('the Settings view', () => {
  it('shows the values, locks the ones the environment sets, and refuses bad values by field name', async () => {
    const transport = setup();
    const port = await screen.findByLabelText('Port');
    expect((port as HTMLInputElement).value).toBe('8317');
    expect((screen.getByLabelText('Log level') as HTMLSelectElement).disabled).toBe(true);
    expect(screen.getByText(/Set by SWITCHYARD_LOG_LEVEL/)).toBeTruthy();
    expect((screen.getByLabelText('Model aliases') as HTMLTextAreaElement).value).toBe('fast = local/qwen3');
    fireEvent.change(port, { target: { value: '0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Port: enter a whole number from 1 to 65535.')).toBeTruthy();
    expect(port.getAttribute('aria-invalid')).toBe('true');
    expect(transport.callsOf('updateSettings')).toEqual([]);

    fireEvent.change(port, { target: { value: '8317' } });
    fireEvent.change(screen.getByLabelText('Attempts per request'), { target: { value: '20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/Attempts per request: Invalid setting "retryBudget"/)).toBeTruthy();

    fireEvent.change(screen.getByLabelText('Attempts per request'), { target: { value: '3' } });
    fireEvent.change(screen.getByLabelText('Fallback chains'), { target: { value: 'claude-sonnet-4-6 = local/qwen3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(transport.callsOf('updateSettings').at(-1)).toEqual({ patch: { fallbacks: { 'claude-sonnet-4-6': ['local/qwen3'] } } });
  });

  it('reveals and rotates the client key after a warning', async () => {
    const transport = setup();
    await screen.findByRole('region', { name: 'Client API key' });
    const key = document.querySelector('code.key') as HTMLElement;
    await waitFor(() => expect(key.textContent).toBe('••••6789'));
    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    await waitFor(() => expect(key.textContent).toBe('sy-first-key-0123456789'));
    fireEvent.click(screen.getByRole('button', { name: 'Rotate' }));
    const confirm = await screen.findByRole('dialog', { name: 'Rotate the client key?' });
    expect(within(confirm).getByText(/stops working at once/)).toBeTruthy();
    fireEvent.click(within(confirm).getByRole('button', { name: 'Rotate' }));
    await waitFor(() => expect(key.textContent).toBe('sy-rotated-key-9876543210'));
    expect(transport.callsOf('rotateClientKey')).toEqual([{ reveal: true }]);
  });
});
