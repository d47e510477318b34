/** The signed-in dashboard: navigation, the live-stream indicator, and the view on screen. */
import { useEffect, useMemo, type KeyboardEvent } from 'react';
import type { Transport } from '../transport/transport.js';
import { createAppStores, startAppStores } from '../stores/app-stores.js';
import { StoresProvider, useSession } from '../stores/app-stores-context.js';
import { viewIds, type ViewId } from '../stores/session-store.js';
import { HealthView } from './health-view.js';
import { LogsView } from './logs-view.js';
import { ProvidersView } from './providers-view.js';
import { SettingsView } from './settings-view.js';
import { ToolsView } from './tools-view.js';
import { UsageView } from './usage-view.js';

export const viewNames: Record<ViewId, string> = {
  providers: 'Providers',
  health: 'Health',
  logs: 'Live logs',
  usage: 'Usage',
  tools: 'Connect your tools',
  settings: 'Settings',
};

const streamWords = { live: 'Live', connecting: 'Connecting…', reconnecting: 'Reconnecting…', closed: 'Not live' } as const;

function Navigation() {
  const view = useSession((state) => state.view);
  const setView = useSession((state) => state.setView);
  // Arrow keys move between the entries, as in a toolbar; Tab leaves the navigation.
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const step = event.key === 'ArrowRight' || event.key === 'ArrowDown' ? 1 : event.key === 'ArrowLeft' || event.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button')];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return;
    event.preventDefault();
    buttons[(index + step + buttons.length) % buttons.length].focus();
  };
  return (
    <nav className="nav" aria-label="Dashboard" onKeyDown={onKeyDown}>
      {viewIds.map((id) => (
        <button key={id} type="button" className="nav-item" aria-current={view === id ? 'page' : undefined} data-view={id} onClick={() => setView(id)}>
          {viewNames[id]}
        </button>
      ))}
    </nav>
  );
}

function CurrentView() {
  const view = useSession((state) => state.view);
  switch (view) {
    case 'health':
      return <HealthView />;
    case 'logs':
      return <LogsView />;
    case 'usage':
      return <UsageView />;
    case 'tools':
      return <ToolsView />;
    case 'settings':
      return <SettingsView />;
    default:
      return <ProvidersView />;
  }
}

export function Dashboard({ transport }: { transport: Transport }) {
  const stores = useMemo(() => createAppStores(transport), [transport]);
  const streamState = useSession((state) => state.streamState);
  const signOut = useSession((state) => state.signOut);

  useEffect(() => startAppStores(stores), [stores]);

  return (
    <StoresProvider stores={stores}>
      <div className="shell">
        <header className="topbar">
          <span className="brand">Switchyard</span>
          <span className={`stream stream-${streamState}`} role="status" aria-label={`Live updates: ${streamWords[streamState]}`}>
            {streamWords[streamState]}
          </span>
          {transport.kind === 'http' && (
            <button type="button" className="link-button" onClick={() => signOut()}>
              Lock
            </button>
          )}
        </header>
        <Navigation />
        <main className="content" id="content">
          <CurrentView />
        </main>
      </div>
    </StoresProvider>
  );
}
