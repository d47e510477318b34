import { describe, expect, it } from 'vitest';
import type { SwitchyardEvent } from '../../../shared/contract.js';
import { Redactor } from '../logs/redaction.js';
import { EventBus } from './event-bus.js';

const secret = 'sk-ant-oat01-secret-token-value';

function bus(replayCapacity = 500) {
  const redactor = new Redactor();
  redactor.addSecret(secret);
  return new EventBus({ redactor, now: () => 42, replayCapacity });
}

describe('event bus', () => {
  it('numbers events, redacts them before any listener, and stops after unsubscribe', () => {
    const events = bus();
    const seen: SwitchyardEvent[] = [];
    const unsubscribe = events.subscribe((event) => seen.push(event));
    events.publish('log', { seq: 1, time: 1, level: 'info', message: `token ${secret}`, fields: { authorization: `Bearer ${secret}` } });
    events.publish('health', { status: 'ok', reasons: [] });
    unsubscribe();
    events.publish('health', { status: 'warn', reasons: ['x'] });
    expect(seen.map((event) => [event.id, event.type, event.time])).toEqual([
      [1, 'log', 42],
      [2, 'health', 42],
    ]);
    expect(JSON.stringify(seen)).not.toContain(secret);
    expect(events.lastId).toBe(3);
  });

  it('replays buffered events after an id, within its capacity', () => {
    const events = bus(2);
    for (let index = 0; index < 4; index += 1) events.publish('health', { status: 'ok', reasons: [String(index)] });
    const replayed: number[] = [];
    events.subscribe((event) => replayed.push(event.id), 0);
    expect(replayed).toEqual([3, 4]);
  });

  it('keeps publishing when a listener throws', () => {
    const errors: unknown[] = [];
    const withHandler = new EventBus({ redactor: new Redactor(), onListenerError: (error) => errors.push(error) });
    withHandler.subscribe(() => {
      throw new Error('boom');
    });
    const seen: number[] = [];
    withHandler.subscribe((event) => seen.push(event.id));
    withHandler.publish('health', { status: 'ok', reasons: [] });
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(1);
    expect(withHandler.listenerCount).toBe(2);
  });
});
