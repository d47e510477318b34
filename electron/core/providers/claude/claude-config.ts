/** Claude's wire constants and the settings it reads (protocols.md §1); hosts, ids and scopes are settings. */
import type { Settings } from '../../config/settings-schema.js';

export const claudeProviderId = 'claude';
export const claudeDisplayName = 'Claude Pro/Max';
/** The path of the registered redirect `http://localhost:54545/callback`. */
export const claudeCallbackPath = '/callback';
/** Required on every OAuth-authenticated Messages call. */
export const anthropicOAuthBeta = 'oauth-2025-04-20';
/** Sent when the client names no version of its own. */
export const defaultAnthropicVersion = '2023-06-01';

export const claudeTermsNotice =
  "Anthropic's terms (Consumer Terms of Service and Usage Policy) apply to the connected Claude account and to everything Switchyard sends with it.";

export interface ClaudeConfig {
  authorizeUrl: string;
  tokenUrl: string;
  apiBaseUrl: string;
  profileUrl: string;
  usageUrl: string;
  clientId: string;
  scopes: string;
  callbackPort: number;
  refreshLeadMs: number;
  loginTimeoutMs: number;
  models: string[];
}

export function claudeConfig(settings: Settings): ClaudeConfig {
  return {
    authorizeUrl: settings.claudeAuthorizeUrl,
    tokenUrl: settings.claudeTokenUrl,
    apiBaseUrl: settings.claudeApiBaseUrl.replace(/\/+$/, ''),
    profileUrl: settings.claudeProfileUrl,
    usageUrl: settings.claudeUsageUrl,
    clientId: settings.claudeClientId,
    scopes: settings.claudeScopes,
    callbackPort: settings.claudeCallbackPort,
    refreshLeadMs: settings.claudeRefreshLeadMinutes * 60_000,
    loginTimeoutMs: settings.loginTimeoutMinutes * 60_000,
    models: settings.claudeModels,
  };
}
