/** The typed events the core pushes (SSE on the management API, IPC in the app). Written once. */
import { z } from 'zod';
import {
  accountStatusSchema,
  accountSummarySchema,
  healthCheckSchema,
  healthStateSchema,
  logEntrySchema,
  loginPhaseSchema,
  usageRecordSchema,
} from './contract-schemas.js';

export const contractEvents = {
  /** A log line (already redacted), as the live view shows it. */
  log: logEntrySchema,
  /** An account appeared, changed status (cooldown, re-login, enabled…) or went away. */
  'account-status': z.object({
    change: z.enum(['added', 'updated', 'removed']),
    account: accountSummarySchema,
    previousStatus: accountStatusSchema.optional(),
  }),
  /** One finished request, as written to the usage ledger. */
  usage: usageRecordSchema,
  /** The overall health changed, or a deep check ran (then `checks` is set). */
  health: z.object({
    status: healthStateSchema,
    reasons: z.array(z.string()),
    checks: z.array(healthCheckSchema).optional(),
  }),
  /** A login moved on: started, completed (with the account), failed or was cancelled. */
  login: z.object({
    providerId: z.string(),
    state: z.string(),
    phase: loginPhaseSchema,
    account: accountSummarySchema.optional(),
    error: z.string().optional(),
  }),
} as const;

export type ContractEvents = typeof contractEvents;
export type EventType = keyof ContractEvents;
export type EventData<Type extends EventType> = z.infer<ContractEvents[Type]>;

export const eventTypes = Object.keys(contractEvents) as EventType[];

/** One event on the wire: a bus-wide increasing id (SSE `id:`, for resuming), its type, time and data. */
export type SwitchyardEvent = {
  [Type in EventType]: { id: number; type: Type; time: number; data: EventData<Type> };
}[EventType];

const eventEnvelopeSchema = z.object({
  id: z.number().int(),
  type: z.enum(Object.keys(contractEvents) as [EventType, ...EventType[]]),
  time: z.number(),
  data: z.unknown(),
});

/** Validate an event received from a transport (SSE, IPC); throws a ZodError naming the field. */
export function parseSwitchyardEvent(value: unknown): SwitchyardEvent {
  const envelope = eventEnvelopeSchema.parse(value);
  const data: unknown = contractEvents[envelope.type].parse(envelope.data);
  return { ...envelope, data } as SwitchyardEvent;
}
