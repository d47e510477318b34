/** Entry point: pick the transport (IPC in the app, HTTP in a browser) and render. */
import './zod-jitless.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { createSessionStore } from './stores/session-store.js';
import { HttpTransport } from './transport/http-transport.js';
import { findBridge } from './transport/ipc-transport.js';
import './styles.css';

const session = createSessionStore({
  bridge: findBridge(window),
  storage: window.sessionStorage,
  location: window.location,
  replaceUrl: (url) => window.history.replaceState(null, '', url),
  createHttpTransport: (managementKey, onKeyRefused) => new HttpTransport({ managementKey, onKeyRefused }),
});

const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
createRoot(container).render(
  <StrictMode>
    <App session={session} />
  </StrictMode>,
);
