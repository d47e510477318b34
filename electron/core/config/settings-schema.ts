/**
 * Every setting, once. The README's settings table is checked against these keys, and each key can be
 * overridden by `SWITCHYARD_<KEY_IN_UPPER_SNAKE>` (JSON for lists and objects).
 */
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });

export const openAiCompatibleEntrySchema = z.object({
  /** Routing prefix: the model `<name>/<model>` goes to this entry. */
  name: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dot, dash or underscore'),
  baseUrl: httpUrl,
  apiKey: z.string().optional(),
  /** Served models; when absent they are read from the upstream's /v1/models (cached). */
  models: z.array(z.string().min(1)).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  disabled: z.boolean().optional(),
});
export type OpenAiCompatibleEntry = z.infer<typeof openAiCompatibleEntrySchema>;

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

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
  openaiCompatible: z.array(openAiCompatibleEntrySchema).default([]),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsKey = keyof Settings;

export const settingKeys = Object.keys(settingsSchema.shape) as SettingsKey[];

/** `openaiCompatible` -> `SWITCHYARD_OPENAI_COMPATIBLE`. */
export function settingEnvName(key: string): string {
  return `SWITCHYARD_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

export function defaultSettings(): Settings {
  return settingsSchema.parse({});
}
