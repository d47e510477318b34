/** Usage from the ledger: grouped totals and series, and exports. Accounts are shown by label when still connected. */
import type { ContractHandlers } from '../../../shared/contract.js';
import { queryUsageRows, queryUsageTotals } from '../usage/usage-queries.js';
import { usageToCsv, usageToJson } from '../usage/usage-export.js';
import type { OperationContext } from './operation-context.js';

const weekMs = 7 * 24 * 60 * 60 * 1000;

export function resolveRange(range: { since?: number; until?: number }, now: number): { since: number; until: number } {
  // `until` is exclusive: a request logged this millisecond is in "now".
  const until = range.until ?? now + 1;
  return { since: range.since ?? Math.max(0, until - weekMs), until };
}

export function usageOperations(context: OperationContext): Pick<ContractHandlers, 'queryUsage' | 'exportUsage'> {
  function accountLabels(): Map<string, string> {
    const labels = new Map<string, string>();
    for (const provider of context.providers) for (const account of provider.listAccounts()) labels.set(context.hasher.hash(account.id), account.label);
    return labels;
  }

  return {
    async queryUsage({ range, groupBy, bucket, utcOffsetMinutes }) {
      const resolved = resolveRange(range, context.now());
      const offset = utcOffsetMinutes ?? -new Date(resolved.until).getTimezoneOffset();
      const labels = accountLabels();
      const query = { ...resolved, groupBy, bucket, utcOffsetMinutes: offset };
      return {
        range: resolved,
        groupBy,
        bucket,
        utcOffsetMinutes: offset,
        totals: queryUsageTotals(context.ledger.database, resolved),
        rows: queryUsageRows(context.ledger.database, query, (hash) => labels.get(hash)),
      };
    },

    async exportUsage({ format, range }) {
      const resolved = resolveRange(range, context.now());
      const records = context.ledger.records(resolved.since, resolved.until);
      const day = new Date(resolved.until).toISOString().slice(0, 10);
      return {
        format,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        filename: `switchyard-usage-${day}.${format}`,
        records: records.length,
        body: format === 'csv' ? usageToCsv(records) : usageToJson(records),
      };
    },
  };
}
