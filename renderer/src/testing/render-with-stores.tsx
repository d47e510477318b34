/** Renders a view inside the providers it needs, over a FakeTransport (for happy-dom tests). */
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createAppStores, type AppStores } from '../stores/app-stores.js';
import { SessionProvider, StoresProvider } from '../stores/app-stores-context.js';
import { createSessionStore, type SessionStore } from '../stores/session-store.js';
import type { FakeTransport } from './fake-transport.js';

export function sessionFor(transport: FakeTransport): SessionStore {
  const session = createSessionStore({
    storage: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
    location: { hash: '', pathname: '/', search: '' },
    replaceUrl: () => undefined,
    createHttpTransport: () => transport,
  });
  session.setState({ phase: 'ready', transport, streamState: 'live' });
  return session;
}

export function renderWithStores(ui: ReactElement, transport: FakeTransport): { stores: AppStores; session: SessionStore; unmount(): void } {
  const stores = createAppStores(transport);
  const session = sessionFor(transport);
  const stops = [stores.providers.getState().listen(), stores.health.getState().listen(), stores.logs.getState().listen(), stores.usage.getState().listen()];
  const result = render(
    <SessionProvider store={session}>
      <StoresProvider stores={stores}>{ui}</StoresProvider>
    </SessionProvider>,
  );
  return {
    stores,
    session,
    unmount: () => {
      result.unmount();
      stops.forEach((stop) => stop());
    },
  };
}
