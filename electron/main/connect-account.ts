/**
 * "Connect ▸ <provider>" (tray) and the dashboard's Connect button in the app: start the login through
 * the core operation (so it is tracked and becomes `login` events), show it in the OAuth window or the
 * system browser, and tell the user how it ended. Closing the window cancels through the core too.
 */
import { Notification } from 'electron';
import type { ContractHandlers } from '../../shared/contract.js';
import type { LoginStart } from '../../shared/domain.js';
import type { Provider } from '../core/providers/provider.js';
import { runOAuthLogin, type OAuthOutcome } from './oauth-window.js';
import type { WindowRegistry } from './window-registry.js';

export interface AccountConnectorOptions {
  providers: ReadonlyArray<Pick<Provider, 'id' | 'displayName' | 'auth'>>;
  handlers: Pick<ContractHandlers, 'startLogin' | 'cancelLogin'>;
  registry: WindowRegistry;
  inSystemBrowser(): boolean;
}

export function notify(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body }).show();
}

export class AccountConnector {
  constructor(private readonly options: AccountConnectorOptions) {}

  /** Runs one login to its end; `start` when the dashboard already started it. */
  async connect(providerId: string, start?: LoginStart): Promise<OAuthOutcome> {
    const { handlers, registry } = this.options;
    const provider = this.options.providers.find((candidate) => candidate.id === providerId);
    const auth = provider?.auth;
    if (!provider || !auth) throw new Error(`No provider "${providerId}" that connects by logging in.`);
    const started = start ?? (await handlers.startLogin({ providerId }));
    const outcome = await runOAuthLogin({
      auth: {
        startLogin: async () => started,
        waitForLogin: (state) => auth.waitForLogin(state),
        cancelLogin: (state) => void handlers.cancelLogin({ providerId, state }).catch(() => undefined),
      },
      start: started,
      providerName: provider.displayName,
      registry,
      inSystemBrowser: this.options.inSystemBrowser(),
    });
    if (outcome.outcome === 'connected') notify(`${provider.displayName} connected`, `${outcome.account.label} is ready to use.`);
    else if (outcome.outcome === 'failed') notify(`${provider.displayName} was not connected`, outcome.message);
    return outcome;
  }
}
