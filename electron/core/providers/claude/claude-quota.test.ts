import { describe, expect, it } from 'vitest';
import { quotaWindowsFromHeaders, quotaWindowsFromUsage, rejectedUntil } from './claude-quota.js';

describe('quota windows from anthropic-ratelimit-unified-* headers', () => {
  it('reads the 5h and 7d windows first, then any other', () => {
    const windows = quotaWindowsFromHeaders({
      'anthropic-ratelimit-unified-status': 'allowed',
      'anthropic-ratelimit-unified-reset': '1700000000',
      'anthropic-ratelimit-unified-7d_oi-status': 'allowed',
      'anthropic-ratelimit-unified-7d-status': 'allowed_warning',
      'anthropic-ratelimit-unified-7d-reset': '1700500000',
      'anthropic-ratelimit-unified-7d-utilization': '81',
      'anthropic-ratelimit-unified-5h-status': 'allowed',
      'anthropic-ratelimit-unified-5h-reset': '1700003600',
      'anthropic-ratelimit-unified-5h-utilization': '0.25',
      'content-type': 'application/json',
    });
    expect(windows).toEqual([
      { name: '5h', status: 'allowed', resetsAt: 1_700_003_600_000, usedFraction: 0.25 },
      { name: '7d', status: 'allowed_warning', resetsAt: 1_700_500_000_000, usedFraction: 0.81 },
      { name: '7d_oi', status: 'allowed' },
    ]);
  });

  it('is undefined without unified headers', () => {
    expect(quotaWindowsFromHeaders({ 'retry-after': '3' })).toBeUndefined();
  });

  it('says when a rejected subscription frees up', () => {
    expect(rejectedUntil({ 'anthropic-ratelimit-unified-5h-status': 'allowed', 'anthropic-ratelimit-unified-5h-reset': '100' })).toBeUndefined();
    expect(
      rejectedUntil({
        'anthropic-ratelimit-unified-5h-status': 'rejected',
        'anthropic-ratelimit-unified-5h-reset': '100',
        'anthropic-ratelimit-unified-7d-status': 'rejected',
        'anthropic-ratelimit-unified-7d-reset': '900',
      }),
    ).toBe(900_000);
    expect(rejectedUntil({ 'anthropic-ratelimit-unified-status': 'rejected', 'anthropic-ratelimit-unified-reset': '500' })).toBe(500_000);
  });
});

describe('quota windows from the usage endpoint', () => {
  it('reads utilization percentages and ISO reset times', () => {
    expect(
      quotaWindowsFromUsage({
        five_hour: { utilization: 25, resets_at: '2026-01-28T15:00:00Z' },
        seven_day: { utilization: 40, resets_at: '2026-02-01T00:00:00Z' },
        seven_day_opus: null,
        extra_usage: { is_enabled: true, used_credits: 500 },
      }),
    ).toEqual([
      { name: '5h', usedFraction: 0.25, resetsAt: Date.parse('2026-01-28T15:00:00Z') },
      { name: '7d', usedFraction: 0.4, resetsAt: Date.parse('2026-02-01T00:00:00Z') },
    ]);
    expect(quotaWindowsFromUsage('nonsense')).toEqual([]);
  });
});
