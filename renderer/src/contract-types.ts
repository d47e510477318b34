/** Names for the contract's shapes as the views use them (all inferred from shared/contract.ts). */
import type { z } from 'zod';
import type {
  clientKeyViewSchema,
  healthSummarySchema,
  logEntrySchema,
  logLevelSchema,
  openAiCompatibleEntryInputSchema,
  providerSummarySchema,
  settingsViewSchema,
  usageRecordSchema,
  usageRowSchema,
  usageTotalsSchema,
  OperationOutput,
} from '../../shared/contract.js';

export type { AccountSummary, HealthCheck, HealthState, LoginStart, QuotaWindow } from '../../shared/domain.js';
export type ProviderSummary = z.infer<typeof providerSummarySchema>;
export type LogEntry = z.infer<typeof logEntrySchema>;
export type LogLevel = z.infer<typeof logLevelSchema>;
export type UsageRow = z.infer<typeof usageRowSchema>;
export type UsageTotals = z.infer<typeof usageTotalsSchema>;
export type UsageRecord = z.infer<typeof usageRecordSchema>;
export type SettingsView = z.infer<typeof settingsViewSchema>;
export type ClientKeyView = z.infer<typeof clientKeyViewSchema>;
export type HealthSummary = z.infer<typeof healthSummarySchema>;
export type OpenAiCompatibleEntryInput = z.input<typeof openAiCompatibleEntryInputSchema>;
export type UpstreamTestResult = OperationOutput<'testOpenAiCompatible'>;
