import { describe, expect, it } from 'vitest';
import {
  contractOperations,
  createContractClient,
  eventTypes,
  isOperationName,
  operationNames,
  operationPath,
  parseSwitchyardEvent,
} from './contract.js';

describe('the contract', () => {
  it('derives one distinct kebab-case path per operation', () => {
    expect(operationPath('listProviders')).toBe('/v0/management/list-providers');
    expect(operationPath('addOpenAiCompatible')).toBe('/v0/management/add-open-ai-compatible');
    const paths = operationNames.map(operationPath);
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(path).toMatch(/^\/v0\/management\/[a-z]+(-[a-z]+)*$/);
  });

  it('gives every operation an input schema that accepts an object, and a summary', () => {
    for (const name of operationNames) {
      const definition = contractOperations[name];
      expect(definition.summary.length, name).toBeGreaterThan(10);
      expect(['query', 'command']).toContain(definition.kind);
      expect(definition.input.safeParse('not an object').success, name).toBe(false);
    }
    expect(isOperationName('health')).toBe(true);
    expect(isOperationName('toString')).toBe(false);
  });

  it('applies defaults and refuses unknown fields', () => {
    expect(contractOperations.listLogs.input.parse({})).toEqual({ afterSeq: 0, limit: 200 });
    expect(contractOperations.queryUsage.input.parse({})).toEqual({ range: {}, groupBy: ['provider'], bucket: 'none' });
    expect(contractOperations.health.input.safeParse({ extra: 1 }).success).toBe(false);
  });

  it('builds a typed client over any invoke function', async () => {
    const calls: Array<[string, unknown]> = [];
    const client = createContractClient(async (name, input) => {
      calls.push([name, input]);
      return { ok: true };
    });
    await client.getClientKey({ reveal: false });
    await client.listLogs({});
    expect(calls).toEqual([
      ['getClientKey', { reveal: false }],
      ['listLogs', {}],
    ]);
    expect(Object.keys(client).sort()).toEqual([...operationNames].sort());
  });

  it('parses events by type and rejects malformed ones', () => {
    expect(eventTypes).toEqual(['log', 'account-status', 'usage', 'health', 'login']);
    const event = parseSwitchyardEvent({ id: 3, type: 'health', time: 1, data: { status: 'warn', reasons: ['x'] } });
    expect(event).toEqual({ id: 3, type: 'health', time: 1, data: { status: 'warn', reasons: ['x'] } });
    expect(() => parseSwitchyardEvent({ id: 3, type: 'health', time: 1, data: { status: 'purple', reasons: [] } })).toThrow();
    expect(() => parseSwitchyardEvent({ id: 3, type: 'gossip', time: 1, data: {} })).toThrow();
  });
});
