/**
 * Calls the ChatGPT Codex backend with an account's OAuth token: `POST {apiBase}/responses` with exactly
 * what the backend requires (protocols.md §2): `Authorization: Bearer`, `chatgpt-account-id`,
 * `content-type: application/json` and `accept: text/event-stream` (it only streams). Nothing is added to
 * pass for Codex CLI: no `originator`, `OpenAI-Beta`, `session_id`, `version` or Codex user agent (current
 * Codex sends no `OpenAI-Beta` over HTTP either), and the client's own headers are not forwarded.
 * A 401 gets one refresh (single-flight) and one retry; a second 401 marks the account needs-relogin.
 * The `x-codex-*` headers of every answer and the stream's `codex.rate_limits` event update the quota windows.
 */
import { SwitchyardError } from '../../errors/switchyard-error.js';
import type { ProviderAccount, UpstreamCall } from '../provider.js';
import { headerValue, type UpstreamHttp, type UpstreamReply } from '../upstream-http.js';
import type { ChatgptAccounts, ChatgptAuth, RequestCredentials } from './chatgpt-auth.js';
import type { ChatgptConfig } from './chatgpt-config.js';
import { quotaWindowsFromHeaders, quotaWindowsFromRateLimitsEvent } from './chatgpt-quota.js';
import { rateLimitEventWatcher } from './chatgpt-rate-limit-tap.js';

export interface ChatgptExecutorDependencies {
  http: UpstreamHttp;
  auth: ChatgptAuth;
  accounts: ChatgptAccounts;
  config: () => ChatgptConfig;
  now(): number;
}

export function chatgptRequestHeaders(credentials: RequestCredentials): Record<string, string> {
  return {
    authorization: `Bearer ${credentials.accessToken}`,
    'chatgpt-account-id': credentials.accountId,
    'content-type': 'application/json',
    accept: 'text/event-stream',
  };
}

export function chatgptRequestUrl(config: ChatgptConfig): string {
  return `${config.apiBaseUrl}/responses`;
}

export class ChatgptExecutor {
  constructor(private readonly dependencies: ChatgptExecutorDependencies) {}

  async execute(call: UpstreamCall, account: ProviderAccount): Promise<UpstreamReply> {
    if (call.operation !== 'generate') {
      throw new SwitchyardError('bad_request', 400, 'The Codex backend counts no tokens; Switchyard answers count_tokens with an estimate.');
    }
    return this.dependencies.auth.sendWithFreshToken(account.id, (credentials) => this.send(call, account, credentials));
  }

  private async send(call: UpstreamCall, account: ProviderAccount, credentials: RequestCredentials): Promise<UpstreamReply> {
    const { http, accounts, config, now } = this.dependencies;
    const recordEvent = (event: unknown) => {
      const windows = quotaWindowsFromRateLimitsEvent(event, now());
      if (windows) accounts.quota.record(account.id, windows);
    };
    return http.request({
      url: chatgptRequestUrl(config()),
      headers: chatgptRequestHeaders(credentials),
      body: call.body,
      signal: call.signal,
      watchBody: ({ status, headers }) => {
        const windows = quotaWindowsFromHeaders(headers, now());
        if (windows) accounts.quota.record(account.id, windows);
        const streaming = status < 300 && (headerValue(headers, 'content-type') ?? '').includes('text/event-stream');
        return streaming ? rateLimitEventWatcher(recordEvent) : undefined;
      },
    });
  }
}
