/**
 * The contract: every operation the dashboard, the tray, the CLI and the management API can call,
 * and every event they can receive, written once. The management HTTP routes, the Electron IPC
 * handlers, the preload and the renderer's transports are all derived from `contractOperations`.
 * Adding an operation is one entry here plus one core method.
 */
import { z } from 'zod';
import {
  accountSummarySchema,
  clientKeyViewSchema,
  healthCheckSchema,
  healthStateSchema,
  healthSummarySchema,
  logEntrySchema,
  logLevelSchema,
  loginStartSchema,
  loginStatusSchema,
  openAiCompatibleEntryInputSchema,
  openAiCompatibleEntryViewSchema,
  openAiCompatibleNameSchema,
  providerSummarySchema,
  removeAccountResultSchema,
  settingsViewSchema,
  usageBucketSchema,
  usageDimensionSchema,
  usageRangeSchema,
  usageRowSchema,
  usageTotalsSchema,
} from './contract-schemas.js';
import {
  toolRestoreResultSchema,
  toolSetupInputSchema,
  toolSetupListSchema,
  toolSetupPreviewSchema,
  toolSetupResultSchema,
} from './tool-setup-schemas.js';

export * from './contract-schemas.js';
export * from './contract-events.js';
export * from './tool-setup-schemas.js';

export interface OperationDefinition<Input extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> {
  /** `query` reads and changes nothing (the management API also serves it as GET); `command` changes state. */
  kind: 'query' | 'command';
  summary: string;
  input: Input;
  output: Output;
}

function operation<Input extends z.ZodType, Output extends z.ZodType>(definition: OperationDefinition<Input, Output>) {
  return definition;
}

const noInput = z.strictObject({});
const accountIdInput = z.strictObject({ accountId: z.string().min(1) });
const providerIdInput = z.strictObject({ providerId: z.string().min(1) });

export const contractOperations = {
  listProviders: operation({
    kind: 'query',
    summary: 'Every provider with its accounts: status, quota windows, cooldowns.',
    input: noInput,
    output: z.object({ providers: z.array(providerSummarySchema) }),
  }),
  startLogin: operation({
    kind: 'command',
    summary: 'Begin connecting an account: the URL to open, and a loopback listener while it is pending.',
    input: providerIdInput,
    output: loginStartSchema,
  }),
  completeLogin: operation({
    kind: 'command',
    summary: 'Finish a login by hand: the pasted redirect URL, or the code (`code#state`), with its state.',
    input: z
      .strictObject({
        providerId: z.string().min(1),
        url: z.string().min(1).optional(),
        code: z.string().min(1).optional(),
        state: z.string().min(1).optional(),
      })
      .refine((input) => input.url !== undefined || input.code !== undefined, { message: 'send the redirect url or the code', path: ['code'] }),
    output: accountSummarySchema,
  }),
  loginStatus: operation({
    kind: 'query',
    summary: 'Where a login stands; waits up to `waitMs` for it to settle (long poll).',
    input: z.strictObject({
      providerId: z.string().min(1),
      state: z.string().min(1),
      waitMs: z.number().int().min(0).max(60_000).default(0),
    }),
    output: loginStatusSchema,
  }),
  cancelLogin: operation({
    kind: 'command',
    summary: 'Abandon a pending login and close its listener.',
    input: z.strictObject({ providerId: z.string().min(1), state: z.string().min(1) }),
    output: loginStatusSchema,
  }),
  removeAccount: operation({
    kind: 'command',
    summary: 'Remove an account and its tokens (revoking upstream where the provider allows it).',
    input: accountIdInput,
    output: removeAccountResultSchema,
  }),
  setAccountEnabled: operation({
    kind: 'command',
    summary: 'Enable or disable an account without removing it.',
    input: z.strictObject({ accountId: z.string().min(1), enabled: z.boolean() }),
    output: accountSummarySchema,
  }),
  resetCooldown: operation({
    kind: 'command',
    summary: "End an account's cooldown now.",
    input: accountIdInput,
    output: accountSummarySchema,
  }),
  refreshQuota: operation({
    kind: 'command',
    summary: "Read quota windows from the providers' usage endpoints now (one account, or all).",
    input: z.strictObject({ accountId: z.string().min(1).optional() }),
    output: z.object({
      accounts: z.array(accountSummarySchema),
      failures: z.array(z.object({ accountId: z.string(), error: z.string() })),
    }),
  }),
  addOpenAiCompatible: operation({
    kind: 'command',
    summary: 'Add an OpenAI-compatible upstream (Ollama, LM Studio, WebAI-to-API, gpt4free…).',
    input: z.strictObject({ entry: openAiCompatibleEntryInputSchema }),
    output: openAiCompatibleEntryViewSchema,
  }),
  updateOpenAiCompatible: operation({
    kind: 'command',
    summary: 'Change an OpenAI-compatible upstream; omitted fields keep their value, `null` clears one.',
    input: z.strictObject({
      name: openAiCompatibleNameSchema,
      patch: z.strictObject({
        baseUrl: z.url({ protocol: /^https?$/ }).optional(),
        apiKey: z.string().min(1).nullable().optional(),
        models: z.array(z.string().min(1)).nullable().optional(),
        headers: z.record(z.string(), z.string()).nullable().optional(),
        disabled: z.boolean().optional(),
      }),
    }),
    output: openAiCompatibleEntryViewSchema,
  }),
  removeOpenAiCompatible: operation({
    kind: 'command',
    summary: 'Remove an OpenAI-compatible upstream.',
    input: z.strictObject({ name: openAiCompatibleNameSchema }),
    output: z.object({ removed: z.boolean() }),
  }),
  testOpenAiCompatible: operation({
    kind: 'command',
    summary: 'Check that a base URL answers `/models` before saving it.',
    input: z.strictObject({
      baseUrl: z.url({ protocol: /^https?$/ }),
      apiKey: z.string().min(1).optional(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
    output: z.object({ ok: z.boolean(), status: z.number().int().optional(), models: z.array(z.string()), detail: z.string() }),
  }),
  getSettings: operation({
    kind: 'query',
    summary: 'The effective settings, secrets masked.',
    input: noInput,
    output: settingsViewSchema,
  }),
  updateSettings: operation({
    kind: 'command',
    summary: 'Validate and save a partial change of settings; a masked secret sent back keeps its value.',
    input: z.strictObject({ patch: z.record(z.string(), z.unknown()) }),
    output: settingsViewSchema,
  }),
  queryUsage: operation({
    kind: 'query',
    summary: 'Usage totals and time series by provider, model, account or client, by hour or day.',
    input: z.strictObject({
      range: usageRangeSchema.default({}),
      groupBy: z.array(usageDimensionSchema).max(4).default(['provider']),
      bucket: usageBucketSchema.default('none'),
      /** Offset of the caller's time zone, for day buckets (default: the server's). */
      utcOffsetMinutes: z.number().int().min(-840).max(840).optional(),
    }),
    output: z.object({
      range: z.object({ since: z.number(), until: z.number() }),
      groupBy: z.array(usageDimensionSchema),
      bucket: usageBucketSchema,
      utcOffsetMinutes: z.number().int(),
      totals: usageTotalsSchema,
      rows: z.array(usageRowSchema),
    }),
  }),
  exportUsage: operation({
    kind: 'query',
    summary: 'Every usage record of a range, as CSV or JSON text.',
    input: z.strictObject({ format: z.enum(['csv', 'json']), range: usageRangeSchema.default({}) }),
    output: z.object({ format: z.enum(['csv', 'json']), contentType: z.string(), filename: z.string(), records: z.number().int(), body: z.string() }),
  }),
  listLogs: operation({
    kind: 'query',
    summary: 'Recent log entries after a sequence number, filtered by minimum level and text.',
    input: z.strictObject({
      afterSeq: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(2_000).default(200),
      level: logLevelSchema.optional(),
      text: z.string().optional(),
    }),
    output: z.object({ entries: z.array(logEntrySchema), lastSeq: z.number().int() }),
  }),
  health: operation({
    kind: 'query',
    summary: 'Cheap health: version, uptime, providers, and why it is not ok.',
    input: noInput,
    output: healthSummarySchema,
  }),
  deepHealth: operation({
    kind: 'query',
    summary: 'Every check, including upstream reachability.',
    input: noInput,
    output: z.object({ status: healthStateSchema, checks: z.array(healthCheckSchema) }),
  }),
  getClientKey: operation({
    kind: 'query',
    summary: 'The client API key: masked unless `reveal` is true.',
    input: z.strictObject({ reveal: z.boolean().default(false) }),
    output: clientKeyViewSchema,
  }),
  rotateClientKey: operation({
    kind: 'command',
    summary: 'Replace the client API key; the old one stops working at once.',
    input: z.strictObject({ reveal: z.boolean().default(false) }),
    output: clientKeyViewSchema,
  }),
  listToolSetups: operation({
    kind: 'query',
    summary: 'The local tools one-click setup can configure, their config files and backups.',
    input: noInput,
    output: toolSetupListSchema,
  }),
  previewToolSetup: operation({
    kind: 'query',
    summary: "The diff setup would make to a tool's config file (secrets masked); writes nothing.",
    input: toolSetupInputSchema,
    output: toolSetupPreviewSchema,
  }),
  applyToolSetup: operation({
    kind: 'command',
    summary: "Point a tool at Switchyard: back its config file up beside it, then write it. Refuses a file that does not parse.",
    input: toolSetupInputSchema,
    output: toolSetupResultSchema,
  }),
  restoreToolSetup: operation({
    kind: 'command',
    summary: "Put a tool's config file back as it was before the last setup.",
    input: z.strictObject({ tool: toolSetupInputSchema.shape.tool }),
    output: toolRestoreResultSchema,
  }),
} as const;

export type ContractOperations = typeof contractOperations;
export type OperationName = keyof ContractOperations;
/** What a caller sends (fields with defaults may be omitted). */
export type OperationInput<Name extends OperationName> = z.input<ContractOperations[Name]['input']>;
/** What a handler receives, after validation and defaults. */
export type OperationParsedInput<Name extends OperationName> = z.output<ContractOperations[Name]['input']>;
export type OperationOutput<Name extends OperationName> = z.output<ContractOperations[Name]['output']>;
export type UpstreamTestResult = OperationOutput<'testOpenAiCompatible'>;

export const operationNames = Object.keys(contractOperations) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.prototype.hasOwnProperty.call(contractOperations, name);
}

/** The core side: one method per operation. */
export type ContractHandlers = {
  [Name in OperationName]: (input: OperationParsedInput<Name>) => Promise<OperationOutput<Name>>;
};

/** The caller side (CLI, renderer transports, preload): one method per operation. */
export type ContractClient = {
  [Name in OperationName]: (input: OperationInput<Name>) => Promise<OperationOutput<Name>>;
};

/** Build a typed client over any transport's `invoke(name, input)`. */
export function createContractClient(invoke: (name: OperationName, input: unknown) => Promise<unknown>): ContractClient {
  const client: Partial<Record<OperationName, (input: unknown) => Promise<unknown>>> = {};
  for (const name of operationNames) client[name] = (input) => invoke(name, input);
  return client as ContractClient;
}

export const managementBasePath = '/v0/management';
export const managementEventsPath = `${managementBasePath}/events`;

/** `listProviders` -> `/v0/management/list-providers`. POST with the JSON input; queries also answer GET. */
export function operationPath(name: OperationName): string {
  return `${managementBasePath}/${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
