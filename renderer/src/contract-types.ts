/** Names for the contract's shapes as the views use them (each defined once, next to its schema in shared/). */
export type { AccountSummary, HealthCheck, HealthState, LoginStart, QuotaWindow } from '../../shared/domain.js';
export type {
  ClientKeyView,
  HealthSummary,
  LogEntry,
  LogLevel,
  OpenAiCompatibleEntryInput,
  ProviderSummary,
  SettingsView,
  UpstreamTestResult,
  UsageRecord,
  UsageRow,
  UsageTotals,
} from '../../shared/contract.js';
