import { describe, expect, it } from 'vitest';
import { quotaWindowsFromHeaders, quotaWindowsFromRateLimitsEvent, quotaWindowsFromUsage, windowName } from './chatgpt-quota.js';

const now = 1_700_000_000_000;

describe('ChatGPT quota windows', () => {
  it('names windows by their length', () => {
    expect(windowName('primary', 300)).toBe('5h');
    expect(windowName('secondary', 10_080)).toBe('7d');
    expect(windowName('primary', 90)).toBe('90m');
    expect(windowName('secondary', undefined)).toBe('secondary');
  });

  it('reads the x-codex-* headers', () => {
    expect(
      quotaWindowsFromHeaders(
        {
          'x-codex-primary-used-percent': '12.5',
          'x-codex-primary-window-minutes': '300',
          'x-codex-primary-reset-at': '1700003600',
          'x-codex-secondary-used-percent': '100',
          'x-codex-secondary-window-minutes': '10080',
          'x-codex-secondary-reset-after-seconds': '60',
          'content-type': 'text/event-stream',
        },
        now,
      ),
    ).toEqual([
      { name: '5h', usedFraction: 0.125, status: 'allowed', resetsAt: 1_700_003_600_000 },
      { name: '7d', usedFraction: 1, status: 'rejected', resetsAt: now + 60_000 },
    ]);
    expect(quotaWindowsFromHeaders({ 'content-type': 'application/json' }, now)).toBeUndefined();
  });

  it('reads the codex.rate_limits event', () => {
    const event = { type: 'codex.rate_limits', rate_limits: { primary: { used_percent: 40, window_minutes: 300, reset_at: 1_700_000_100 }, secondary: null } };
    expect(quotaWindowsFromRateLimitsEvent(event, now)).toEqual([{ name: '5h', usedFraction: 0.4, status: 'allowed', resetsAt: 1_700_000_100_000 }]);
    expect(quotaWindowsFromRateLimitsEvent({ type: 'codex.rate_limits' }, now)).toBeUndefined();
  });

  it('reads the usage endpoint body', () => {
    const body = {
      plan_type: 'pro',
      rate_limit: {
        primary_window: { used_percent: 3, limit_window_seconds: 18_000, reset_after_seconds: 100, reset_at: 1_700_000_100 },
        secondary_window: { used_percent: 50, limit_window_seconds: 604_800, reset_after_seconds: 10 },
      },
    };
    expect(quotaWindowsFromUsage(body, now)).toEqual([
      { name: '5h', usedFraction: 0.03, status: 'allowed', resetsAt: 1_700_000_100_000 },
      { name: '7d', usedFraction: 0.5, status: 'allowed', resetsAt: now + 10_000 },
    ]);
    expect(quotaWindowsFromUsage('nope', now)).toEqual([]);
  });
});
