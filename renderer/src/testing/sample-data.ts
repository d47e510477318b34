/** Contract-shaped sample data for the renderer's tests. */
import type { AccountSummary, HealthSummary, LogEntry, ProviderSummary, UsageRow, UsageTotals } from '../contract-types.js';

export function claudeAccount(overrides: Partial<AccountSummary> = {}): AccountSummary {
  return {
    id: 'claude:user@example.com',
    providerId: 'claude',
    label: 'user@example.com',
    email: 'user@example.com',
    plan: 'max',
    status: 'ok',
    disabled: false,
    quota: [{ name: '5h', usedFraction: 0.42, resetsAt: Date.now() + 3_600_000 }],
    ...overrides,
  };
}

export function claudeProvider(accounts: AccountSummary[] = []): ProviderSummary {
  return {
    id: 'claude',
    displayName: 'Claude Pro/Max',
    upstreamFormat: 'anthropic-messages',
    accountSource: 'login',
    canRefreshQuota: true,
    state: accounts.length > 0 ? 'ok' : 'idle',
    stateDetail: accounts.length > 0 ? `${accounts.length} of ${accounts.length} account usable` : 'No account connected.',
    accounts,
  };
}

export function openAiCompatibleProvider(accounts: AccountSummary[] = []): ProviderSummary {
  return {
    id: 'openai-compatible',
    displayName: 'OpenAI-compatible',
    upstreamFormat: 'openai-chat',
    accountSource: 'settings',
    canRefreshQuota: false,
    state: accounts.length > 0 ? 'ok' : 'idle',
    stateDetail: accounts.length > 0 ? '1 of 1 account usable' : 'No upstream configured.',
    accounts,
  };
}

export function healthSummary(overrides: Partial<HealthSummary> = {}): HealthSummary {
  return { status: 'ok', version: '0.1.0', uptimeSeconds: 120, url: 'http://127.0.0.1:8317', providers: [], reasons: [], ...overrides };
}

let seq = 0;
export function logEntry(overrides: Partial<LogEntry> = {}): LogEntry {
  seq += 1;
  return { seq, time: Date.now(), level: 'info', message: 'request', fields: {}, ...overrides };
}

export function requestLine(model: string, providerId: string, extra: Record<string, unknown> = {}): LogEntry {
  return logEntry({ fields: { route: '/v1/messages', model, providerId, status: 200, latencyMs: 42, ...extra } });
}

export function usageTotals(overrides: Partial<UsageTotals> = {}): UsageTotals {
  return { requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, cachedTokens: 0, reasoningTokens: 0, estimatedRequests: 0, averageLatencyMs: 0, ...overrides };
}

export function usageRow(label: string, overrides: Partial<UsageRow> = {}): UsageRow {
  return { ...usageTotals({ requests: 1, inputTokens: 10, outputTokens: 5, averageLatencyMs: 30 }), label, ...overrides };
}
