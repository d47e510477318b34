import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { RefreshFailure, RefreshScheduler, refreshDueAt, type RefreshSchedulerOptions, type TokenLifetime } from './refresh-scheduler.js';

interface TestGrant extends TokenLifetime {
  token: string;
}

const logger = pino({ level: 'silent' });
const hour = 3_600_000;

function scheduler(overrides: Partial<RefreshSchedulerOptions<TestGrant>> = {}) {
  const events: string[] = [];
  let counter = 0;
  const options: RefreshSchedulerOptions<TestGrant> = {
    requestGrant: async (accountId) => {
      events.push(`request ${accountId}`);
      counter += 1;
      return { token: `t${counter}`, expiresAt: Date.now() + 8 * hour, issuedAt: Date.now() };
    },
    persist: async (_accountId, grant) => {
      events.push(`persist ${grant.token}`);
    },
    onGiveUp: async (accountId, error) => {
      events.push(`give up ${accountId}: ${error.message}`);
    },
    leadMs: () => 4 * hour,
    retryDelaysMs: [0, 0],
    now: Date.now,
    logger,
    ...overrides,
  };
  return { refresher: new RefreshScheduler(options), events };
}

describe('refreshDueAt', () => {
  it('refreshes lead time ahead, or half-way through short lifetimes', () => {
    expect(refreshDueAt({ expiresAt: 10 * hour, issuedAt: 2 * hour }, 4 * hour)).toBe(6 * hour);
    expect(refreshDueAt({ expiresAt: 3 * hour, issuedAt: 2 * hour }, 4 * hour)).toBe(2.5 * hour);
    expect(refreshDueAt({ expiresAt: 10 * hour }, 4 * hour)).toBe(6 * hour);
  });
});

describe('RefreshScheduler', () => {
  it('shares one refresh between concurrent callers, and persists before anyone gets the token', async () => {
    const { refresher, events } = scheduler();
    const results = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const grant = await refresher.refresh('a');
        events.push(`got ${grant.token}`);
        return grant.token;
      }),
    );
    expect(new Set(results)).toEqual(new Set(['t1']));
    expect(events.slice(0, 3)).toEqual(['request a', 'persist t1', 'got t1']);
    expect(events.filter((event) => event.startsWith('request'))).toHaveLength(1);
    expect(refresher.isRefreshing('a')).toBe(false);
    refresher.close();
  });

  it('retries transient failures, then gives up', async () => {
    let calls = 0;
    const { refresher, events } = scheduler({
      requestGrant: async () => {
        calls += 1;
        throw new RefreshFailure('HTTP 503', false);
      },
    });
    await expect(refresher.refresh('a')).rejects.toThrow('HTTP 503');
    expect(calls).toBe(3);
    expect(events).toEqual(['give up a: HTTP 503']);
    refresher.close();
  });

  it('does not retry a permanent failure', async () => {
    let calls = 0;
    const { refresher, events } = scheduler({
      requestGrant: async () => {
        calls += 1;
        throw new RefreshFailure('invalid_grant', true);
      },
    });
    await expect(refresher.refresh('a')).rejects.toThrow('invalid_grant');
    expect(calls).toBe(1);
    expect(events).toEqual(['give up a: invalid_grant']);
    refresher.close();
  });

  it('retries only the write when the write fails: a rotated refresh token is never presented twice', async () => {
    let writes = 0;
    const { refresher, events } = scheduler({
      persist: async (_accountId, grant) => {
        writes += 1;
        events.push(`persist ${grant.token}`);
        if (writes === 1) throw new Error('disk full');
      },
    });
    await expect(refresher.refresh('a')).resolves.toMatchObject({ token: 't1' });
    expect(events).toEqual(['request a', 'persist t1', 'persist t1']);
    refresher.close();
  });

  it('refreshes in the background when due', async () => {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const { refresher, events } = scheduler({
      persist: async (_accountId, grant) => {
        events.push(`persist ${grant.token}`);
        done();
      },
    });
    refresher.scheduleAt('b', Date.now());
    await finished;
    expect(events).toEqual(['request b', 'persist t1']);
    refresher.close();
  });
});
