/** Usage rows -> the series a chart draws: one point per hour or day (empty ones as zero), one key per group. */
import type { UsageRow } from '../contract-types.js';

export type UsageMetric = 'requests' | 'inputTokens' | 'outputTokens' | 'errors' | 'averageLatencyMs';
export type UsageBucketSize = 'hour' | 'day';

export const metricNames: Record<UsageMetric, string> = {
  requests: 'Requests',
  inputTokens: 'Tokens in',
  outputTokens: 'Tokens out',
  errors: 'Errors',
  averageLatencyMs: 'Average latency (ms)',
};

const bucketMs: Record<UsageBucketSize, number> = { hour: 3_600_000, day: 86_400_000 };

/** The starts of every bucket in [since, until), aligned like the server aligns them (the reader's zone). */
export function bucketStarts(since: number, until: number, size: UsageBucketSize, utcOffsetMinutes: number): number[] {
  const step = bucketMs[size];
  const offset = utcOffsetMinutes * 60_000;
  const first = Math.floor((since + offset) / step) * step - offset;
  const starts: number[] = [];
  for (let start = first; start < until; start += step) starts.push(start);
  return starts;
}

export interface ChartSeries {
  /** `{bucketStart, s0, s1, …}` per bucket; `s<i>` is the value of `keys[i]`. */
  points: Array<Record<string, number>>;
  /** Group labels, busiest first. */
  keys: string[];
}

export function chartSeries(rows: readonly UsageRow[], metric: UsageMetric, starts: readonly number[], maxGroups = 8): ChartSeries {
  const totals = new Map<string, number>();
  for (const row of rows) totals.set(row.label, (totals.get(row.label) ?? 0) + row.requests);
  const ranked = [...totals.entries()].sort((left, right) => right[1] - left[1]).map(([label]) => label);
  // Beyond a few groups a stacked chart is unreadable: the rest become "other".
  const keys = ranked.length > maxGroups ? [...ranked.slice(0, maxGroups - 1), 'other'] : ranked;
  const indexOf = (label: string) => {
    const index = keys.indexOf(label);
    return index >= 0 ? index : keys.length - 1;
  };
  const emptyPoint = (start: number): Record<string, number> => {
    const point: Record<string, number> = { bucketStart: start };
    keys.forEach((_, index) => (point[`s${index}`] = 0));
    return point;
  };
  const byStart = new Map<number, Record<string, number>>();
  for (const start of starts) byStart.set(start, emptyPoint(start));
  const latencyWeights = new Map<string, number>();
  for (const row of rows) {
    if (row.bucketStart === undefined) continue;
    const point = byStart.get(row.bucketStart) ?? emptyPoint(row.bucketStart);
    byStart.set(row.bucketStart, point);
    const key = `s${indexOf(row.label)}`;
    if (metric === 'averageLatencyMs') {
      // Merged groups ("other") average by request count.
      const weightKey = `${row.bucketStart}:${key}`;
      const weight = latencyWeights.get(weightKey) ?? 0;
      point[key] = Math.round((point[key] * weight + row.averageLatencyMs * row.requests) / Math.max(1, weight + row.requests));
      latencyWeights.set(weightKey, weight + row.requests);
    } else {
      point[key] += row[metric];
    }
  }
  const points = [...byStart.values()].sort((left, right) => left.bucketStart - right.bucketStart);
  return { points, keys };
}

export function formatBucket(start: number, size: UsageBucketSize): string {
  const date = new Date(start);
  if (size === 'hour') return date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}
