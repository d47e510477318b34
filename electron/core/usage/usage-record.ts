/** A finished request as the ledger stores it: the account as a keyed hash, tokens flattened, no secret. */
import type { z } from 'zod';
import type { usageRecordSchema } from '../../../shared/contract.js';
import type { RequestRecord } from '../server/request-record.js';

export type UsageRecord = z.infer<typeof usageRecordSchema>;

export function toUsageRecord(record: RequestRecord, hashAccount: (accountId: string) => string): UsageRecord {
  const usage = record.usage;
  const result: UsageRecord = {
    time: record.time,
    requestId: record.requestId,
    route: record.route,
    clientFormat: record.clientFormat,
    model: record.model,
    stream: record.stream,
    status: record.status,
    inputTokens: usage?.inputTokens ?? 0,
    outputTokens: usage?.outputTokens ?? 0,
    cachedTokens: usage?.cachedInputTokens ?? 0,
    reasoningTokens: usage?.reasoningTokens ?? 0,
    estimated: usage?.estimated === true,
    latencyMs: Math.round(record.latencyMs * 100) / 100,
    attempts: record.attempts,
    fallbackUsed: record.fallbackUsed === true,
  };
  if (record.providerId !== undefined) result.providerId = record.providerId;
  if (record.accountId !== undefined) result.accountHash = hashAccount(record.accountId);
  if (record.upstreamModel !== undefined) result.servedModel = record.upstreamModel;
  if (record.errorCode !== undefined) result.errorCode = record.errorCode;
  if (record.firstByteMs !== undefined) result.firstByteMs = Math.round(record.firstByteMs * 100) / 100;
  return result;
}
