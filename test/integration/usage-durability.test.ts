/**
 * Issue 8: the usage ledger survives `kill -9` in the middle of a load. A child `switchyard serve`
 * answers concurrent requests (streamed and not); the moment the client has seen 300 responses
 * complete, the child is killed with SIGKILL. Every request the client saw complete must be in the
 * ledger, and a restarted Switchyard must report them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { request } from 'undici';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/index.js';
import { makeTempHome, startSwitchyard } from '../helpers/start-switchyard.js';
import { cliEnvironment, serveInChild } from '../helpers/spawn-switchyard.js';

const upstreamKey = 'sk-upstream-durable-0123456789abcdef';
const clientKey = 'sy-durability-test-key-0123456789abcdef';
const target = 300;
const concurrency = 16;
let fake: FakeOpenAiCompatible;
const home = makeTempHome('switchyard-durable-');

beforeAll(async () => {
  fake = await startFakeOpenAiCompatible({ apiKey: upstreamKey });
});

afterAll(async () => {
  await fake?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('usage ledger under kill -9', { timeout: 120_000 }, () => {
  it('keeps every request whose response completed, and reports them after a restart', async () => {
    const openaiCompatible = JSON.stringify([{ name: 'local', baseUrl: `${fake.url}/v1`, apiKey: upstreamKey }]);
    const environment = cliEnvironment(home, { SWITCHYARD_API_KEY: clientKey, SWITCHYARD_OPENAI_COMPATIBLE: openaiCompatible, SWITCHYARD_LOG_LEVEL: 'warn' });
    const { child, url, exited } = await serveInChild(environment);

    const completed: string[] = [];
    let killed = false;
    const worker = async (index: number) => {
      for (let round = 0; !killed; round += 1) {
        const stream = (index + round) % 2 === 0;
        try {
          const reply = await request(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'local/fake-gpt-4o', stream, messages: [{ role: 'user', content: `load ${index}/${round}` }] }),
          });
          await reply.body.text();
          if (reply.statusCode !== 200) throw new Error(`HTTP ${reply.statusCode}`);
          // The body has been read to its end: this client saw the request complete.
          completed.push(String(reply.headers['x-request-id']));
          if (completed.length >= target && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        } catch (error) {
          if (!killed) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
    expect(completed.length).toBeGreaterThanOrEqual(target);

    const database = new Database(join(home, 'usage.sqlite'));
    const stored = new Set((database.prepare('SELECT request_id FROM usage_records').all() as Array<{ request_id: string }>).map((row) => row.request_id));
    const dump = JSON.stringify(database.prepare('SELECT * FROM usage_records').all());
    database.close();
    expect(completed.filter((id) => !stored.has(id))).toEqual([]);
    for (const secret of [upstreamKey, clientKey, 'openai-compatible:local']) expect(dump).not.toContain(secret);

    const restarted = await startSwitchyard({ SWITCHYARD_OPENAI_COMPATIBLE: openaiCompatible }, home);
    try {
      const usage = await restarted.switchyard.operations.invoke('queryUsage', { groupBy: ['model'], range: { since: 0 } });
      const row = usage.rows.find((entry) => entry.model === 'local/fake-gpt-4o');
      expect(row?.requests).toBeGreaterThanOrEqual(completed.length);
      expect(row?.providerId).toBe('openai-compatible');
    } finally {
      await restarted.switchyard.stop();
    }
  });
});
