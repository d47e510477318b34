import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CooldownStore, cooldownUntil, defaultCooldownMs, maxImplicitCooldownMs } from './cooldown-store.js';
import { AccountOrder } from './account-order.js';
import type { ProviderAccount } from '../providers/provider.js';

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

describe('cooldownUntil', () => {
  it('uses an explicit reset as given, even beyond 30 minutes', () => {
    expect(cooldownUntil(1_000, { resetsAt: 1_000 + 2 * 3600_000 })).toBe(1_000 + 2 * 3600_000);
    expect(cooldownUntil(1_000, { resetsAt: 1_000 + 2 * 3600_000, retryAfterSeconds: 2 * 3600 })).toBe(1_000 + 2 * 3600_000);
  });
  it('prefers retry-after, never past an explicit reset', () => {
    expect(cooldownUntil(1_000, { resetsAt: 1_000 + 3600_000, retryAfterSeconds: 42 })).toBe(43_000);
    expect(cooldownUntil(0, { resetsAt: 10_000, retryAfterSeconds: 60 })).toBe(10_000);
  });
  it('caps retry-after at 30 minutes and defaults to a minute', () => {
    expect(cooldownUntil(0, { retryAfterSeconds: 7200 })).toBe(maxImplicitCooldownMs);
    expect(cooldownUntil(0, {})).toBe(defaultCooldownMs);
    expect(cooldownUntil(0, { retryAfterSeconds: 12 })).toBe(12_000);
  });
  it('never outlives a stated reset', () => {
    fc.assert(
      fc.property(fc.nat(10_000_000), fc.option(fc.nat(100_000)), fc.option(fc.nat(10_000_000)), (now, retryAfter, resetIn) => {
        const until = cooldownUntil(now, {
          retryAfterSeconds: retryAfter ?? undefined,
          resetsAt: resetIn === null ? undefined : now + resetIn + 1,
        });
        if (resetIn !== null) expect(until).toBeLessThanOrEqual(now + resetIn + 1);
        expect(until).toBeLessThanOrEqual(now + Math.max(maxImplicitCooldownMs, (resetIn ?? 0) + 1));
      }),
    );
  });
});

describe('CooldownStore', () => {
  it('persists across a restart and expires on time', async () => {
    const home = mkdtempSync(join(tmpdir(), 'switchyard-cooldown-'));
    homes.push(home);
    let now = 1_000;
    const store = CooldownStore.inHome(home, () => now);
    await store.set('claude:a', 61_000, 'rate limited');
    const reopened = CooldownStore.inHome(home, () => now);
    expect(reopened.get('claude:a')).toEqual({ until: 61_000, reason: 'rate limited' });
    expect(reopened.earliestFree(['claude:a'])).toBe(61_000);
    expect(reopened.earliestFree(['claude:a', 'claude:b'])).toBeUndefined();
    now = 61_000;
    expect(reopened.isCooling('claude:a')).toBe(false);
  });

  it('clears a cooldown on request', async () => {
    const store = new CooldownStore(undefined, () => 0);
    await store.set('x', 100, 'r');
    await store.clear('x');
    expect(store.isCooling('x')).toBe(false);
  });
});

describe('AccountOrder', () => {
  const accounts = ['a', 'b', 'c'].map((id): ProviderAccount => ({ id, providerId: 'p', label: id, status: 'ok', disabled: false }));
  it('rotates round-robin', () => {
    const order = new AccountOrder();
    expect(order.order('p', accounts, 'round-robin').map((account) => account.id)).toEqual(['a', 'b', 'c']);
    expect(order.order('p', accounts, 'round-robin').map((account) => account.id)).toEqual(['b', 'c', 'a']);
  });
  it('fills first and sorts by priority', () => {
    const order = new AccountOrder();
    expect(order.order('p', accounts, 'fill-first').map((account) => account.id)).toEqual(['a', 'b', 'c']);
    expect(order.order('p', accounts, 'priority', { c: 5, b: 1 }).map((account) => account.id)).toEqual(['c', 'b', 'a']);
  });
});
