/** Paging through the live log buffer (entries are redacted before they reach it). */
import { logLevelRank, type ContractHandlers } from '../../../shared/contract.js';
import type { OperationContext } from './operation-context.js';

export function logOperations(context: OperationContext): Pick<ContractHandlers, 'listLogs'> {
  return {
    async listLogs({ afterSeq, limit, level, text }) {
      const all = context.ringBuffer.list(afterSeq, Number.MAX_SAFE_INTEGER);
      const minimum = level ? logLevelRank[level] : 0;
      const needle = text?.toLowerCase();
      const matching = all.filter(
        (entry) =>
          logLevelRank[entry.level] >= minimum &&
          (!needle || entry.message.toLowerCase().includes(needle) || JSON.stringify(entry.fields).toLowerCase().includes(needle)),
      );
      return { entries: matching.slice(Math.max(0, matching.length - limit)), lastSeq: context.ringBuffer.lastSeq };
    },
  };
}
