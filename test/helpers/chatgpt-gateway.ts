/**
 * A Switchyard wired to the fake OpenAI OAuth server and the fake Codex backend, plus what a test does
 * as a user: call the seed auth routes with the management key, and play the browser that follows the
 * authorize redirect to the loopback listener (the shared steps are in oauth-gateway.ts). Both callback
 * ports (registered and fallback) are free ephemeral ports.
 */
import { startFakeCodex, startFakeOpenAiOAuth, type FakeCodex, type FakeOpenAiOAuth, type FakeOpenAiOAuthOptions } from '../fakes/index.js';
import type { SwitchyardOptions } from '../../electron/core/switchyard.js';
import { connectThroughBrowserAs, freePort, managementCalls, type ManagementCall } from './oauth-gateway.js';
import { makeTempHome, startSwitchyard, type RunningSwitchyard } from './start-switchyard.js';

export interface ChatgptGateway {
  oauth: FakeOpenAiOAuth;
  codex: FakeCodex;
  gateway: RunningSwitchyard;
  callbackPort: number;
  fallbackPort: number;
  manage: ManagementCall;
  close(): Promise<void>;
}

export function chatgptEnvironment(oauth: FakeOpenAiOAuth, codex: FakeCodex, ports: { callback: number; fallback: number }): Record<string, string> {
  return {
    SWITCHYARD_CHATGPT_AUTHORIZE_URL: oauth.authorizeUrl,
    SWITCHYARD_CHATGPT_TOKEN_URL: oauth.tokenUrl,
    SWITCHYARD_CHATGPT_REVOKE_URL: oauth.revokeUrl,
    SWITCHYARD_CHATGPT_API_BASE_URL: codex.baseUrl,
    SWITCHYARD_CHATGPT_USAGE_URL: `${codex.url}${codex.usagePath}`,
    SWITCHYARD_CHATGPT_CALLBACK_PORT: String(ports.callback),
    SWITCHYARD_CHATGPT_CALLBACK_FALLBACK_PORT: String(ports.fallback),
  };
}

export async function startChatgptGateway(
  options: {
    oauth?: FakeOpenAiOAuthOptions;
    environment?: Record<string, string>;
    home?: string;
    providerFactories?: SwitchyardOptions['providerFactories'];
  } = {},
): Promise<ChatgptGateway> {
  const oauth = await startFakeOpenAiOAuth(options.oauth);
  const codex = await startFakeCodex({
    accessTokens: () => oauth.validAccessTokens(),
    expiredTokens: () => oauth.expiredAccessTokens(),
    accountIdForToken: (token) => oauth.accountIdForToken(token),
  });
  const callbackPort = await freePort();
  let fallbackPort = await freePort();
  while (fallbackPort === callbackPort) fallbackPort = await freePort();
  const environment = { ...chatgptEnvironment(oauth, codex, { callback: callbackPort, fallback: fallbackPort }), ...options.environment };
  const gateway = await startSwitchyard(
    environment,
    options.home ?? makeTempHome(),
    options.providerFactories ? { providerFactories: options.providerFactories } : {},
  );
  return {
    oauth,
    codex,
    gateway,
    callbackPort,
    fallbackPort,
    manage: managementCalls(gateway),
    async close() {
      await gateway.stop();
      await Promise.all([oauth.close(), codex.close()]);
    },
  };
}

/** Connect the next account through the loopback listener, as a user with a browser would. */
export function connectChatgptThroughBrowser(setup: ChatgptGateway): Promise<Record<string, unknown>> {
  return connectThroughBrowserAs(setup.manage, 'chatgpt');
}

/** The stored credentials of an account (tests only: they read the vault directly). */
export function storedChatgptCredentials(setup: ChatgptGateway, email = 'user@example.com'): Record<string, string> {
  const account = setup.gateway.switchyard.vault.getAccount(`chatgpt:${email}`);
  if (!account) throw new Error(`no chatgpt account ${email}`);
  return account.credentials;
}
