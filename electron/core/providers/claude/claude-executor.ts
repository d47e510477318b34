/**
 * Calls the Messages API with a Claude account's OAuth token: `POST {apiBase}/v1/messages?beta=true`
 * (or `/v1/messages/count_tokens?beta=true`) with `Authorization: Bearer`, `anthropic-version` (the
 * client's, else 2023-06-01) and `anthropic-beta` = `oauth-2025-04-20` plus the client's own betas.
 * Nothing else is added or disguised: no x-api-key, no invented ids, the body as given.
 * A 401 gets one refresh (single-flight) and one retry; a second 401 marks the account needs-relogin.
 * Every answer's unified rate-limit headers update the account's quota windows.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ProviderAccount, UpstreamCall } from '../provider.js';
import type { UpstreamHttp, UpstreamReply } from '../upstream-http.js';
import type { ClaudeAccounts, ClaudeAuth } from './claude-auth.js';
import { anthropicOAuthBeta, defaultAnthropicVersion, type ClaudeConfig } from './claude-config.js';
import { quotaWindowsFromHeaders } from './claude-quota.js';

export interface ClaudeExecutorDependencies {
  http: UpstreamHttp;
  auth: ClaudeAuth;
  accounts: ClaudeAccounts;
  config: () => ClaudeConfig;
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(',') : value;
}

/** `oauth-2025-04-20` first, then the client's betas in their order, each once. */
export function mergeAnthropicBetas(clientBetas: string | string[] | undefined): string {
  const betas = [anthropicOAuthBeta, ...(headerText(clientBetas) ?? '').split(',')].map((beta) => beta.trim()).filter(Boolean);
  return [...new Set(betas)].join(',');
}

export function claudeRequestHeaders(call: Pick<UpstreamCall, 'stream' | 'clientHeaders'>, accessToken: string): Record<string, string> {
  const clientHeaders: IncomingHttpHeaders = call.clientHeaders;
  return {
    authorization: `Bearer ${accessToken}`,
    'anthropic-version': headerText(clientHeaders['anthropic-version'])?.trim() || defaultAnthropicVersion,
    'anthropic-beta': mergeAnthropicBetas(clientHeaders['anthropic-beta']),
    'content-type': 'application/json',
    accept: call.stream ? 'text/event-stream' : 'application/json',
  };
}

export function claudeRequestUrl(config: ClaudeConfig, operation: UpstreamCall['operation']): string {
  const path = operation === 'count-tokens' ? '/v1/messages/count_tokens' : '/v1/messages';
  return `${config.apiBaseUrl}${path}?beta=true`;
}

export class ClaudeExecutor {
  constructor(private readonly dependencies: ClaudeExecutorDependencies) {}

  execute(call: UpstreamCall, account: ProviderAccount): Promise<UpstreamReply> {
    return this.dependencies.auth.sendWithFreshToken(account.id, (credentials) => this.send(call, account, credentials.accessToken));
  }

  private async send(call: UpstreamCall, account: ProviderAccount, accessToken: string): Promise<UpstreamReply> {
    const reply = await this.dependencies.http.request({
      url: claudeRequestUrl(this.dependencies.config(), call.operation),
      headers: claudeRequestHeaders(call, accessToken),
      body: call.body,
      signal: call.signal,
    });
    const windows = quotaWindowsFromHeaders(reply.headers);
    if (windows) this.dependencies.accounts.quota.record(account.id, windows);
    return reply;
  }
}
