/**
 * The zod schemas of what the contract carries (accounts, providers, usage, logs, health, keys, settings).
 * Pure TypeScript + zod: the core, the renderer and the Electron preload all import these.
 */
import { z } from 'zod';
import type { AccountSummary, HealthCheck, LoginStart, QuotaWindow, RemoveAccountResult } from './domain.js';
import { errorCodes, type ErrorShape } from './errors.js';

/** Compile-time proof that a schema and a hand-written domain type describe the same shape. */
type Same<Left, Right> = [Left] extends [Right] ? ([Right] extends [Left] ? true : false) : false;

export const errorShapeSchema = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  status: z.number().int(),
  retryable: z.boolean(),
  retryAfterSeconds: z.number().optional(),
  param: z.string().optional(),
  upstreamType: z.string().optional(),
});
export const errorShapeMatches: Same<z.infer<typeof errorShapeSchema>, ErrorShape> = true;

export const healthStateSchema = z.enum(['ok', 'warn', 'error']);
export const healthCheckSchema = z.object({ name: z.string(), state: healthStateSchema, detail: z.string() });
export const healthCheckMatches: Same<z.infer<typeof healthCheckSchema>, HealthCheck> = true;

export const quotaWindowSchema = z.object({
  name: z.string(),
  usedFraction: z.number().optional(),
  resetsAt: z.number().optional(),
  status: z.string().optional(),
});
export const quotaWindowMatches: Same<z.infer<typeof quotaWindowSchema>, QuotaWindow> = true;

export const accountStatusSchema = z.enum(['ok', 'refreshing', 'needs-relogin', 'cooling-down', 'disabled']);

export const accountSummarySchema = z.object({
  id: z.string(),
  providerId: z.string(),
  label: z.string(),
  email: z.string().optional(),
  plan: z.string().optional(),
  organization: z.string().optional(),
  status: accountStatusSchema,
  disabled: z.boolean(),
  expiresAt: z.number().optional(),
  cooldownUntil: z.number().optional(),
  statusDetail: z.string().optional(),
  quota: z.array(quotaWindowSchema).optional(),
});
export const accountSummaryMatches: Same<z.infer<typeof accountSummarySchema>, AccountSummary> = true;

/** How a provider's accounts come to exist: an OAuth/session login, or entries in settings. */
export const accountSourceSchema = z.enum(['login', 'settings']);

export const providerSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  upstreamFormat: z.string(),
  accountSource: accountSourceSchema,
  /** Whether `refreshQuota` can read this provider's usage endpoint. */
  canRefreshQuota: z.boolean(),
  /** `idle` when no account is connected. */
  state: z.enum(['ok', 'warn', 'error', 'idle']),
  stateDetail: z.string(),
  accounts: z.array(accountSummarySchema),
});
export type ProviderSummary = z.infer<typeof providerSummarySchema>;

export const loginStartSchema = z.object({
  providerId: z.string(),
  url: z.string(),
  state: z.string(),
  redirectUri: z.string(),
  listening: z.boolean(),
  listenerError: z.string().optional(),
  expiresAt: z.number(),
  termsNotice: z.string(),
});
export const loginStartMatches: Same<z.infer<typeof loginStartSchema>, LoginStart> = true;

export const loginPhaseSchema = z.enum(['pending', 'completed', 'failed', 'cancelled']);

export const loginStatusSchema = z.object({
  providerId: z.string(),
  state: z.string(),
  /** `unknown` when no login with this state was started here (or it was forgotten after completing). */
  phase: z.union([loginPhaseSchema, z.literal('unknown')]),
  account: accountSummarySchema.optional(),
  error: z.string().optional(),
  expiresAt: z.number().optional(),
});

export const removeAccountResultSchema = z.object({ removed: z.boolean(), revoked: z.boolean().optional(), detail: z.string() });
export const removeAccountResultMatches: Same<z.infer<typeof removeAccountResultSchema>, RemoveAccountResult> = true;

/** Shown in place of a secret in every reply: the mask, then the last four characters when the secret is long. */
export const secretMask = '••••';

export const openAiCompatibleNameSchema = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore');

export const openAiCompatibleEntryInputSchema = z.strictObject({
  name: openAiCompatibleNameSchema,
  baseUrl: z.url({ protocol: /^https?$/ }),
  apiKey: z.string().min(1).optional(),
  models: z.array(z.string().min(1)).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  disabled: z.boolean().optional(),
});
/** What a caller sends: `z.input`, so optional fields may be left out. */
export type OpenAiCompatibleEntryInput = z.input<typeof openAiCompatibleEntryInputSchema>;

/** An entry as replies show it: the key masked, header values masked. */
export const openAiCompatibleEntryViewSchema = z.object({
  name: z.string(),
  accountId: z.string(),
  baseUrl: z.string(),
  apiKey: z.string().optional(),
  models: z.array(z.string()).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  disabled: z.boolean().optional(),
});

export const settingsViewSchema = z.object({
  /** Effective settings (file, then environment, then defaults); every secret masked. */
  settings: z.record(z.string(), z.unknown()),
  /** Keys set by SWITCHYARD_* environment variables: updates to them cannot take effect. */
  envOverridden: z.array(z.string()),
  path: z.string(),
  /** Keys changed by this update that take effect only after a restart. */
  restartRequired: z.array(z.string()),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const usageDimensionSchema = z.enum(['provider', 'model', 'account', 'client']);
export const usageBucketSchema = z.enum(['hour', 'day', 'none']);

export const usageRangeSchema = z
  .strictObject({
    /** Epoch ms, inclusive. Default: 7 days before `until`. */
    since: z.number().int().nonnegative().optional(),
    /** Epoch ms, exclusive. Default: now. */
    until: z.number().int().nonnegative().optional(),
  })
  .refine((range) => range.since === undefined || range.until === undefined || range.since < range.until, {
    message: 'since must be before until',
    path: ['since'],
  });

/** One request in the ledger. The account is a keyed hash; no token, key or email is ever stored. */
export const usageRecordSchema = z.object({
  time: z.number(),
  requestId: z.string(),
  route: z.string(),
  clientFormat: z.string(),
  providerId: z.string().optional(),
  accountHash: z.string().optional(),
  /** The model the client asked for. */
  model: z.string(),
  /** The model the upstream served (after aliases and fallbacks). */
  servedModel: z.string().optional(),
  stream: z.boolean(),
  status: z.number().int(),
  errorCode: z.string().optional(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cachedTokens: z.number().int(),
  reasoningTokens: z.number().int(),
  /** The upstream gave no counts: these are Switchyard's estimate. */
  estimated: z.boolean(),
  firstByteMs: z.number().optional(),
  latencyMs: z.number(),
  attempts: z.number().int(),
  fallbackUsed: z.boolean(),
});
export type UsageRecord = z.infer<typeof usageRecordSchema>;

export const usageTotalsSchema = z.object({
  requests: z.number().int(),
  errors: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cachedTokens: z.number().int(),
  reasoningTokens: z.number().int(),
  /** Requests whose token counts are estimates. */
  estimatedRequests: z.number().int(),
  averageLatencyMs: z.number(),
});
export type UsageTotals = z.infer<typeof usageTotalsSchema>;

export const usageRowSchema = usageTotalsSchema.extend({
  /** Start of the hour or day (epoch ms) when bucketed. */
  bucketStart: z.number().optional(),
  providerId: z.string().optional(),
  model: z.string().optional(),
  accountHash: z.string().optional(),
  /** The account's current label, when it is still connected. */
  accountLabel: z.string().optional(),
  clientFormat: z.string().optional(),
  /** What a person reads: e.g. `claude · claude-sonnet-4-5`. */
  label: z.string(),
});
export type UsageRow = z.infer<typeof usageRowSchema>;

export const logLevelSchema = z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
export type LogLevel = z.infer<typeof logLevelSchema>;
/** pino's level numbers: a minimum level keeps the entries ranked at or above it. */
export const logLevelRank: Readonly<Record<LogLevel, number>> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export const logEntrySchema = z.object({
  /** Monotonic sequence number, for paging and resuming. */
  seq: z.number().int(),
  time: z.number(),
  level: logLevelSchema,
  message: z.string(),
  /** Structured fields (already redacted). */
  fields: z.record(z.string(), z.unknown()),
});
export type LogEntry = z.infer<typeof logEntrySchema>;

export const healthProviderSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  accounts: z.number().int(),
  enabledAccounts: z.number().int(),
  needsRelogin: z.number().int(),
});

export const healthSummarySchema = z.object({
  status: healthStateSchema,
  version: z.string(),
  uptimeSeconds: z.number().int(),
  url: z.string(),
  providers: z.array(healthProviderSchema),
  /** Why the status is not `ok`, in words. */
  reasons: z.array(z.string()),
});
export type HealthSummary = z.infer<typeof healthSummarySchema>;

export const clientKeyViewSchema = z.object({
  key: z.string(),
  revealed: z.boolean(),
  source: z.enum(['env', 'vault']),
});
export type ClientKeyView = z.infer<typeof clientKeyViewSchema>;
