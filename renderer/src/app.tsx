/** The root: the key prompt until a transport is ready, then the dashboard over it. */
import { SessionProvider, useSession } from './stores/app-stores-context.js';
import type { SessionStore } from './stores/session-store.js';
import { Dashboard } from './views/dashboard.js';
import { KeyPrompt } from './views/key-prompt.js';

function Screens() {
  const phase = useSession((state) => state.phase);
  const transport = useSession((state) => state.transport);
  if (phase === 'ready' && transport) return <Dashboard transport={transport} />;
  return <KeyPrompt />;
}

export function App({ session }: { session: SessionStore }) {
  return (
    <SessionProvider store={session}>
      <Screens />
    </SessionProvider>
  );
}
