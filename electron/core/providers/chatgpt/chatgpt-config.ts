/** ChatGPT's wire constants and the settings it reads (protocols.md §2, §7); hosts, ids and scopes are settings. */
import type { Settings } from '../../config/settings-schema.js';

export const chatgptProviderId = 'chatgpt';
export const chatgptDisplayName = 'ChatGPT Plus/Pro';
/** The path of the registered redirect `http://localhost:1455/auth/callback`. */
export const chatgptCallbackPath = '/auth/callback';

export const chatgptTermsNotice =
  "OpenAI's terms (Terms of Use and Usage Policies) apply to the connected ChatGPT account and to everything Switchyard sends with it.";

export interface ChatgptConfig {
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  apiBaseUrl: string;
  usageUrl: string;
  clientId: string;
  scopes: string;
  originator: string;
  /** The registered port first, then the fallback (Codex CLI: 1455, then 1457). */
  callbackPorts: number[];
  refreshLeadMs: number;
  loginTimeoutMs: number;
  models: string[];
}

export function chatgptConfig(settings: Settings): ChatgptConfig {
  return {
    authorizeUrl: settings.chatgptAuthorizeUrl,
    tokenUrl: settings.chatgptTokenUrl,
    revokeUrl: settings.chatgptRevokeUrl,
    apiBaseUrl: settings.chatgptApiBaseUrl.replace(/\/+$/, ''),
    usageUrl: settings.chatgptUsageUrl,
    clientId: settings.chatgptClientId,
    scopes: settings.chatgptScopes,
    originator: settings.chatgptOriginator,
    callbackPorts: [...new Set([settings.chatgptCallbackPort, settings.chatgptCallbackFallbackPort])],
    refreshLeadMs: settings.chatgptRefreshLeadMinutes * 60_000,
    loginTimeoutMs: settings.loginTimeoutMinutes * 60_000,
    models: settings.chatgptModels,
  };
}
