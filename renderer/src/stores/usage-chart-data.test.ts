import { describe, expect, it } from 'vitest';
import { usageRow } from '../testing/sample-data.js';
import { bucketStarts, chartSeries } from './usage-chart-data.js';

const hour = 3_600_000;

describe('usage chart data', () => {
  it('lists every hour or day of the range, aligned to the reader’s zone', () => {
    const since = Date.UTC(2025, 0, 1, 10, 30);
    expect(bucketStarts(since, since + 3 * hour, 'hour', 0)).toEqual([Date.UTC(2025, 0, 1, 10), Date.UTC(2025, 0, 1, 11), Date.UTC(2025, 0, 1, 12), Date.UTC(2025, 0, 1, 13)]);
    // UTC+2: days start at 22:00 UTC.
    expect(bucketStarts(Date.UTC(2025, 0, 1, 12), Date.UTC(2025, 0, 2, 12), 'day', 120)).toEqual([Date.UTC(2024, 11, 31, 22), Date.UTC(2025, 0, 1, 22)]);
  });

  it('puts each group on its own key, with empty buckets as zero', () => {
    const start = Date.UTC(2025, 0, 1, 10);
    const rows = [usageRow('claude', { bucketStart: start, requests: 2 }), usageRow('local', { bucketStart: start + hour, requests: 5 }), usageRow('claude', { bucketStart: start + hour, requests: 1 })];
    const series = chartSeries(rows, 'requests', [start, start + hour, start + 2 * hour]);
    expect(series.keys).toEqual(['local', 'claude']);
    expect(series.points).toEqual([
      { bucketStart: start, s0: 0, s1: 2 },
      { bucketStart: start + hour, s0: 5, s1: 1 },
      { bucketStart: start + 2 * hour, s0: 0, s1: 0 },
    ]);
  });

  it('folds groups beyond the limit into "other", averaging latency by requests', () => {
    const start = 0;
    const rows = ['a', 'b', 'c'].map((label, index) => usageRow(label, { bucketStart: start, requests: 3 - index, averageLatencyMs: 100 * (index + 1) }));
    const series = chartSeries(rows, 'averageLatencyMs', [start], 2);
    expect(series.keys).toEqual(['a', 'other']);
    // other = b (2 requests at 200 ms) and c (1 request at 300 ms).
    expect(series.points[0]).toEqual({ bucketStart: start, s0: 100, s1: 233 });
  });
});
