/** Paging through the live log buffer (entries are redacted before they reach it). */
import type { ContractHandlers } from '../../../shared/contract.js';
import type { LogLevelName } from '../logs/log-ring-buffer.js';
import type { OperationContext } from './operation-context.js';

const levelRank: Record<LogLevelName, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

export function logOperations(context: OperationContext): Pick<ContractHandlers, 'listLogs'> {
  return {
    async listLogs({ afterSeq, limit, level, text }) {
      const all = context.ringBuffer.list(afterSeq, Number.MAX_SAFE_INTEGER);
      const minimum = level ? levelRank[level] : 0;
      const needle = text?.toLowerCase();
      const matching = all.filter(
        (entry) =>
          levelRank[entry.level] >= minimum &&
          (!needle || entry.message.toLowerCase().includes(needle) || JSON.stringify(entry.fields).toLowerCase().includes(needle)),
      );
      const lastSeq = context.ringBuffer.list(0, 1)[0]?.seq ?? 0;
      return { entries: matching.slice(Math.max(0, matching.length - limit)), lastSeq };
    },
  };
}
