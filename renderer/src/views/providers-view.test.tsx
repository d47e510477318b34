// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderSummary } from '../contract-types.js';
import { FakeTransport, refusal } from '../testing/fake-transport.js';
import { renderWithStores } from '../testing/render-with-stores.js';
import { claudeAccount, claudeProvider, openAiCompatibleProvider } from '../testing/sample-data.js';
import { ProvidersView } from './providers-view.js';

afterEach(cleanup);

const loginStart = {
  providerId: 'claude',
  url: 'http://fake-oauth/authorize?state=s1',
  state: 's1',
  redirectUri: 'http://localhost:54545/callback',
  listening: false,
  listenerError: 'Port 54545 is already in use.',
  expiresAt: Date.now() + 600_000,
  termsNotice: "Anthropic's terms (Consumer Terms of Service and Usage Policy) apply to the connected Claude account.",
};

function setup(initial: ProviderSummary[]) {
  let providers = initial;
  const transport = new FakeTransport({
    listProviders: () => ({ providers }),
    startLogin: () => loginStart,
    cancelLogin: ({ providerId, state }) => ({ providerId, state, phase: 'cancelled' }),
    removeAccount: () => {
      providers = [claudeProvider(), openAiCompatibleProvider()];
      return { removed: true, detail: 'Removed from the vault.' };
    },
    completeLogin: () => {
      providers = [claudeProvider([claudeAccount()]), openAiCompatibleProvider()];
      return claudeAccount();
    },
  });
  const rendered = renderWithStores(<ProvidersView />, transport);
  void rendered.stores.providers.getState().load();
  return { transport, ...rendered };
}

describe('the Providers view', () => {
  it('shows a card per provider with its light, its accounts and what to do when empty', async () => {
    setup([claudeProvider([claudeAccount({ status: 'cooling-down', cooldownUntil: Date.now() + 60_000 })]), openAiCompatibleProvider()]);
    const claude = await screen.findByRole('region', { name: 'Claude Pro/Max' });
    expect(within(claude).getAllByRole('img', { name: /Status:/ })[0].getAttribute('data-state')).toBe('ok');
    expect(within(claude).getByText('user@example.com')).toBeTruthy();
    expect(within(claude).getByText('max')).toBeTruthy();
    expect(within(claude).getByText(/cooling down until/)).toBeTruthy();
    expect(within(claude).getByRole('meter').getAttribute('aria-label')).toMatch(/^5h window: 42% used, resets /);
    expect(within(claude).getByRole('button', { name: 'Reset cooldown' })).toBeTruthy();
    const local = screen.getByRole('region', { name: 'OpenAI-compatible' });
    expect(within(local).getByText('No upstream yet')).toBeTruthy();
    expect(within(local).getByRole('button', { name: 'Add upstream' })).toBeTruthy();
  });

  it('connects: terms, the sign-in link, the manual box when the listener is down, and the account when it appears', async () => {
    const { transport } = setup([claudeProvider(), openAiCompatibleProvider()]);
    fireEvent.click(await screen.findByRole('button', { name: 'Connect a Claude Pro/Max account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect Claude Pro/Max' });
    expect(within(dialog).getByText(/Anthropic's terms/)).toBeTruthy();
    expect(within(dialog).getByRole('link', { name: 'Open the sign-in page' }).getAttribute('href')).toBe(loginStart.url);
    expect(within(dialog).getByText(/Port 54545 is already in use/)).toBeTruthy();
    const pasted = within(dialog).getByLabelText(/Paste the address your browser ended on/);
    fireEvent.change(pasted, { target: { value: 'http://localhost:54545/callback?code=c&state=s1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Complete sign-in' }));
    await within(dialog).findByText(/Connected user@example.com \(max\)/);
    expect(transport.callsOf('completeLogin')).toEqual([{ providerId: 'claude', url: 'http://localhost:54545/callback?code=c&state=s1', state: 's1' }]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(await screen.findByText('user@example.com')).toBeTruthy();
  });

  it('shows the login as completed when the event arrives', async () => {
    const { transport } = setup([claudeProvider(), openAiCompatibleProvider()]);
    fireEvent.click(await screen.findByRole('button', { name: 'Connect a Claude Pro/Max account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Connect Claude Pro/Max' });
    await within(dialog).findByRole('link', { name: 'Open the sign-in page' });
    act(() => transport.emit('login', { providerId: 'claude', state: 's1', phase: 'completed', account: claudeAccount({ email: 'event@example.com', plan: 'pro' }) }));
    expect(await within(dialog).findByText(/Connected event@example.com \(pro\)/)).toBeTruthy();
  });

  it('disconnects only after a confirmation', async () => {
    const { transport } = setup([claudeProvider([claudeAccount()]), openAiCompatibleProvider()]);
    fireEvent.click(await screen.findByRole('button', { name: 'Disconnect' }));
    const confirm = await screen.findByRole('dialog', { name: 'Disconnect user@example.com?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(transport.callsOf('removeAccount')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Disconnect' }));
    fireEvent.click(within(await screen.findByRole('dialog', { name: 'Disconnect user@example.com?' })).getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByText('Disconnected user@example.com. Removed from the vault.')).toBeTruthy();
    expect(transport.callsOf('removeAccount')).toEqual([{ accountId: 'claude:user@example.com' }]);
  });

  it('tests an upstream URL before it can be saved, and names the refused field', async () => {
    const { transport } = setup([claudeProvider(), openAiCompatibleProvider()]);
    transport.handlers.testOpenAiCompatible = () => ({ ok: true, status: 200, models: ['llama3.2', 'qwen3'], detail: 'ok' });
    transport.handlers.addOpenAiCompatible = () => {
      throw refusal('An upstream named "local" already exists.', 400, 'entry.name');
    };
    fireEvent.click(await screen.findByRole('button', { name: 'Add upstream' }));
    const dialog = await screen.findByRole('dialog', { name: 'Add an OpenAI-compatible upstream' });
    expect(within(dialog).getByText(/own terms apply/)).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'bad name' } });
    fireEvent.change(within(dialog).getByLabelText('Base URL'), { target: { value: 'ftp://nowhere' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    expect(await within(dialog).findByText(/Base URL: enter an http/)).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Base URL'), { target: { value: 'http://127.0.0.1:11434/v1' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Test connection' }));
    expect(await within(dialog).findByText('It answered with 2 models: llama3.2, qwen3.')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Name: use letters, digits, dot, dash or underscore.')).toBeTruthy();
    expect(transport.callsOf('addOpenAiCompatible')).toEqual([]);
    fireEvent.change(within(dialog).getByLabelText('Name'), { target: { value: 'local' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('Name: An upstream named "local" already exists.')).toBeTruthy();
    expect(transport.callsOf('addOpenAiCompatible')).toEqual([{ entry: { name: 'local', baseUrl: 'http://127.0.0.1:11434/v1' } }]);
  });
});
