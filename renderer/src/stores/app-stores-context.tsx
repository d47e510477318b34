/** React access to the stores: the session store, and the feature stores once signed in. */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { AppStores } from './app-stores.js';
import type { HealthStoreState } from './health-store.js';
import type { LogsState } from './logs-store.js';
import type { ProvidersState } from './providers-store.js';
import type { SessionState, SessionStore } from './session-store.js';
import type { SettingsState } from './settings-store.js';
import type { UsageState } from './usage-store.js';

const SessionContext = createContext<SessionStore | null>(null);
const StoresContext = createContext<AppStores | null>(null);

export function SessionProvider({ store, children }: { store: SessionStore; children: ReactNode }) {
  return <SessionContext.Provider value={store}>{children}</SessionContext.Provider>;
}

export function StoresProvider({ stores, children }: { stores: AppStores; children: ReactNode }) {
  return <StoresContext.Provider value={stores}>{children}</StoresContext.Provider>;
}

function required<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`${what} is used outside its provider.`);
  return value;
}

export function useSession<T>(selector: (state: SessionState) => T): T {
  return useStore(required(useContext(SessionContext), 'The session store'), selector);
}

export function useAppStores(): AppStores {
  return required(useContext(StoresContext), 'The dashboard stores');
}

export function useProviders<T>(selector: (state: ProvidersState) => T): T {
  return useStore(useAppStores().providers, selector);
}

export function useHealth<T>(selector: (state: HealthStoreState) => T): T {
  return useStore(useAppStores().health, selector);
}

export function useLogs<T>(selector: (state: LogsState) => T): T {
  return useStore(useAppStores().logs, selector);
}

export function useUsage<T>(selector: (state: UsageState) => T): T {
  return useStore(useAppStores().usage, selector);
}

export function useSettings<T>(selector: (state: SettingsState) => T): T {
  return useStore(useAppStores().settings, selector);
}
