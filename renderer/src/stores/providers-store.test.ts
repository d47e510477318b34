import { describe, expect, it } from 'vitest';
import type { ProviderSummary } from '../contract-types.js';
import { FakeTransport, refusal } from '../testing/fake-transport.js';
import { claudeAccount, claudeProvider } from '../testing/sample-data.js';
import { createProvidersStore } from './providers-store.js';

const loginStart = { providerId: 'claude', url: 'http://fake/authorize?state=s1', state: 's1', redirectUri: 'http://localhost:54545/callback', listening: true, expiresAt: Date.now() + 600_000, termsNotice: "Anthropic's terms apply." };

function setup() {
  let providers: ProviderSummary[] = [claudeProvider()];
  const transport = new FakeTransport({
    listProviders: () => ({ providers }),
    startLogin: () => loginStart,
    cancelLogin: ({ providerId, state }) => ({ providerId, state, phase: 'cancelled' }),
    removeAccount: () => {
      providers = [claudeProvider()];
      return { removed: true, detail: 'Anthropic publishes no token revocation endpoint.' };
    },
  });
  const store = createProvidersStore(transport);
  const stop = store.getState().listen();
  return { transport, store, stop, setProviders: (next: ProviderSummary[]) => (providers = next) };
}

async function settled(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('deadline');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe('the providers store', () => {
  it('loads the providers and reloads on account events', async () => {
    const { store, transport, setProviders } = setup();
    await store.getState().load();
    expect(store.getState()).toMatchObject({ status: 'ready', providers: [{ id: 'claude', state: 'idle' }] });
    setProviders([claudeProvider([claudeAccount()])]);
    transport.emit('account-status', { change: 'added', account: claudeAccount() });
    await settled(() => store.getState().providers[0].accounts.length === 1);
    expect(store.getState().providers[0].state).toBe('ok');
  });

  it('follows a login from start to the completed event', async () => {
    const { store, transport } = setup();
    await store.getState().startLogin('claude');
    expect(store.getState().login).toMatchObject({ phase: 'pending', start: { termsNotice: "Anthropic's terms apply." } });
    transport.emit('login', { providerId: 'claude', state: 'other', phase: 'completed' });
    expect(store.getState().login?.phase).toBe('pending');
    transport.emit('login', { providerId: 'claude', state: 's1', phase: 'completed', account: claudeAccount() });
    expect(store.getState().login).toMatchObject({ phase: 'completed', account: { email: 'user@example.com' } });
  });

  it('keeps the login pending and says why when a pasted address is refused', async () => {
    const { store, transport } = setup();
    transport.handlers.completeLogin = () => {
      throw refusal('No authorization code found in "url": paste the whole redirect URL or "code#state".', 400, 'url');
    };
    await store.getState().startLogin('claude');
    await store.getState().completeLogin('');
    expect(store.getState().login?.manualError).toContain('Paste the address');
    await store.getState().completeLogin('http://localhost:54545/callback?state=s1');
    expect(store.getState().login).toMatchObject({ phase: 'pending', manualError: expect.stringContaining('No authorization code') });
    expect(transport.callsOf('completeLogin')).toEqual([{ providerId: 'claude', url: 'http://localhost:54545/callback?state=s1', state: 's1' }]);
  });

  it('cancels a pending login on the server when the dialog closes', async () => {
    const { store, transport } = setup();
    await store.getState().startLogin('claude');
    await store.getState().cancelLogin();
    expect(store.getState().login).toBeUndefined();
    expect(transport.callsOf('cancelLogin')).toEqual([{ providerId: 'claude', state: 's1' }]);
  });

  it('says what disconnecting did, and shows a failed action in words', async () => {
    const { store, transport, setProviders } = setup();
    setProviders([claudeProvider([claudeAccount()])]);
    await store.getState().load();
    expect(await store.getState().removeAccount('claude:user@example.com')).toBe(true);
    expect(store.getState().notice).toBe('Disconnected user@example.com. Anthropic publishes no token revocation endpoint.');
    expect(store.getState().providers[0].accounts).toEqual([]);
    transport.handlers.resetCooldown = () => {
      throw refusal('No account "x".', 404);
    };
    await store.getState().resetCooldown('x');
    expect(store.getState().actionError).toEqual({ accountId: 'x', message: 'No account "x".' });
    expect(store.getState().busy).toEqual({});
  });
});
