/**
 * Every setting, once. The README's settings table is checked against these keys, and each key can be
 * overridden by `SWITCHYARD_<KEY_IN_UPPER_SNAKE>` (JSON for lists and objects).
 */
import { z } from 'zod';
import { openAiCompatibleNameSchema } from '../../../shared/contract-schemas.js';
import { logLevels, routingStrategies } from '../../../shared/settings-names.js';

// The settings store and its tests read the name rule from here.
export { settingEnvName } from '../../../shared/settings-names.js';

const httpUrl = z.url({ protocol: /^https?$/ });

export const openAiCompatibleEntrySchema = z.object({
  /** Routing prefix: the model `<name>/<model>` goes to this entry. */
  name: openAiCompatibleNameSchema,
  baseUrl: httpUrl,
  apiKey: z.string().optional(),
  /** Served models; when absent they are read from the upstream's /v1/models (cached). */
  models: z.array(z.string().min(1)).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  disabled: z.boolean().optional(),
});
export type OpenAiCompatibleEntry = z.infer<typeof openAiCompatibleEntrySchema>;

export const settingsSchema = z.object({
  port: z.number().int().min(1).max(65_535).default(8317),
  /** The address to bind. Anything but loopback needs a client key and shows a warning. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Largest accepted request body, in MiB (images make bodies large). */
  bodyLimitMb: z.number().positive().max(1024).default(20),
  logLevel: z.enum(logLevels).default('info'),
  /** Rotate the log file at this size (MiB) and keep this many files. */
  logFileMaxMb: z.number().positive().default(10),
  logFileCount: z.number().int().min(1).max(100).default(5),
  /** Upstream connect timeout, ms. */
  connectTimeoutMs: z.number().int().positive().default(10_000),
  /** Time allowed until the upstream's response headers arrive, ms. No timeout once streaming. */
  firstByteTimeoutMs: z.number().int().positive().default(300_000),
  /** Deep-health reachability probe timeout per upstream, ms. */
  healthCheckTimeoutMs: z.number().int().positive().default(2_000),
  /** How long an upstream's /v1/models listing is cached, seconds. */
  modelsCacheSeconds: z.number().int().min(0).default(300),
  /** Model names of your own: `{"sonnet": "claude-sonnet-4-5", "fast": "local/qwen3"}`. */
  modelAliases: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Per model, the models to try next when every account of it is cooling down or failing. */
  fallbacks: z.record(z.string().min(1), z.array(z.string().min(1))).default({}),
  /** Per provider id: `round-robin` (default), `fill-first` or `priority`. */
  routingStrategy: z.record(z.string().min(1), z.enum(routingStrategies)).default({}),
  /** Per account id, for the `priority` strategy: higher goes first. */
  accountPriority: z.record(z.string().min(1), z.number()).default({}),
  /** Upstream attempts allowed for one client request, across accounts and fallbacks. */
  retryBudget: z.number().int().min(1).max(20).default(3),
  /** Base of the jittered pause before retrying the same account after a 5xx, ms. */
  retryBackoffMs: z.number().int().min(0).default(250),
  openaiCompatible: z.array(openAiCompatibleEntrySchema).default([]),
  /** Days of usage records kept in usage.sqlite; 0 keeps them all. */
  usageRetentionDays: z.number().int().min(0).max(36_500).default(90),
  /** OAuth logins (every provider): how long a login and its loopback listener wait for the browser, minutes. */
  loginTimeoutMinutes: z.number().positive().max(1_440).default(10),
  /** The desktop app: log in through the system browser (RFC 8252) instead of an in-app window. */
  oauthInSystemBrowser: z.boolean().default(false),
  /** Claude Pro/Max OAuth and API (protocols.md §1); the defaults are Claude Code's. */
  claudeAuthorizeUrl: httpUrl.default('https://claude.ai/oauth/authorize'),
  claudeTokenUrl: httpUrl.default('https://platform.claude.com/v1/oauth/token'),
  claudeApiBaseUrl: httpUrl.default('https://api.anthropic.com'),
  claudeProfileUrl: httpUrl.default('https://api.anthropic.com/api/oauth/profile'),
  /** Quota windows on request (protocols.md §7); response headers keep them fresh otherwise. */
  claudeUsageUrl: httpUrl.default('https://api.anthropic.com/api/oauth/usage'),
  claudeClientId: z.string().min(1).default('9d1c250a-e61b-44d9-88ed-5944d1962f5e'),
  claudeScopes: z.string().min(1).default('user:profile user:inference user:sessions:claude_code user:mcp_servers user:file_upload'),
  /** The registered redirect is http://localhost:<port>/callback. */
  claudeCallbackPort: z.number().int().min(1).max(65_535).default(54_545),
  /** Refresh this long before expiry (or half-way through the lifetime of shorter tokens), minutes. */
  claudeRefreshLeadMinutes: z.number().min(0).default(240),
  /** Listed by GET /v1/models (current ids, as the Anthropic SDK names them); any `claude-*` routes to Claude, listed or not. */
  claudeModels: z
    .array(z.string().min(1))
    .default(['claude-opus-5-5', 'claude-sonnet-5-5', 'claude-haiku-5-5', 'claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-sonnet-4-6', 'claude-haiku-4-5']),
  /** ChatGPT Plus/Pro OAuth and the Codex backend (protocols.md §2, §7); the defaults are Codex CLI's. */
  chatgptAuthorizeUrl: httpUrl.default('https://auth.openai.com/oauth/authorize'),
  chatgptTokenUrl: httpUrl.default('https://auth.openai.com/oauth/token'),
  chatgptRevokeUrl: httpUrl.default('https://auth.openai.com/oauth/revoke'),
  chatgptApiBaseUrl: httpUrl.default('https://chatgpt.com/backend-api/codex'),
  /** Quota windows on request (at start and when a user asks); response headers keep them fresh otherwise. */
  chatgptUsageUrl: httpUrl.default('https://chatgpt.com/backend-api/wham/usage'),
  chatgptClientId: z.string().min(1).default('app_EMoamEEZ73f0CkXaXp7hrann'),
  chatgptScopes: z.string().min(1).default('openid profile email offline_access'),
  /** The `originator` parameter of the authorize URL. */
  chatgptOriginator: z.string().min(1).default('codex_cli_rs'),
  /** The registered redirect is http://localhost:<port>/auth/callback; the fallback port is used when this one is taken. */
  chatgptCallbackPort: z.number().int().min(1).max(65_535).default(1455),
  chatgptCallbackFallbackPort: z.number().int().min(1).max(65_535).default(1457),
  /** Refresh this long before expiry (or half-way through the lifetime of shorter tokens), minutes; 7200 = 5 days. */
  chatgptRefreshLeadMinutes: z.number().min(0).default(7_200),
  /** Listed by GET /v1/models; any `gpt-5*` or `*codex*` model routes to ChatGPT, listed or not. */
  chatgptModels: z
    .array(z.string().min(1))
    .default(['gpt-5.5', 'gpt-5.4', 'gpt-5.3-codex', 'gpt-5.2-codex', 'gpt-5.2', 'gpt-5.1-codex-max', 'gpt-5.1-codex-mini', 'gpt-5-codex', 'gpt-5']),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsKey = keyof Settings;

export const settingKeys = Object.keys(settingsSchema.shape) as SettingsKey[];

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
