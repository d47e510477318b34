/**
 * Issue 8: the `switchyard` CLI as a user runs it, each command a child process against a real
 * background server: start (and refusing a second start), status, accounts, logs (and -f), usage, stop.
 * (The usage surviving a restart is proven in usage-durability.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/index.js';
import { makeTempHome } from '../helpers/start-switchyard.js';
import { cliEnvironment, runCli, switchyardBin } from '../helpers/spawn-switchyard.js';
import { freePort } from '../helpers/free-port.js';

const upstreamKey = 'sk-upstream-cli-0123456789abcdef';
let fake: FakeOpenAiCompatible;
const home = makeTempHome('switchyard-cli-');
let environment: NodeJS.ProcessEnv;
let url = '';
let clientKey = '';
const requestIds: string[] = [];


async function sendRequest(text: string): Promise<string> {
  const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: clientKey, maxRetries: 0 });
  fake.enqueue({ text, usage: { input: 6, output: 2 } });
  const { response } = await openai.chat.completions.create({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: text }] }).withResponse();
  const id = response.headers.get('x-request-id') ?? '';
  requestIds.push(id);
  return id;
}

beforeAll(async () => {
  fake = await startFakeOpenAiCompatible({ apiKey: upstreamKey });
  environment = cliEnvironment(home, {
    SWITCHYARD_PORT: String(await freePort()),
    SWITCHYARD_OPENAI_COMPATIBLE: JSON.stringify([{ name: 'local', baseUrl: `${fake.url}/v1`, apiKey: upstreamKey }]),
  });
});

afterAll(async () => {
  await runCli(['stop'], environment);
  await fake?.close();
  rmSync(home, { recursive: true, force: true });
});

// Each command is a fresh Node process: generous time on a busy machine, no timing asserted.
describe('switchyard CLI', { timeout: 120_000 }, () => {
  it('says clearly that the server is not running', async () => {
    const result = await runCli(['status'], environment);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Switchyard is not running');
    expect(result.stderr).toContain('switchyard start');
  });

  it('starts in the background, and refuses to start twice', async () => {
    const started = await runCli(['start'], environment);
    expect(started.code, started.stderr).toBe(0);
    const match = /started \(pid (\d+)\) on (http:\/\/127\.0\.0\.1:\d+)/.exec(started.stdout);
    expect(match).not.toBeNull();
    url = match?.[2] ?? '';
    expect(existsSync(join(home, 'switchyard.pid'))).toBe(true);
    const [again, key] = await Promise.all([runCli(['start'], environment), runCli(['key'], environment)]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already running');
    clientKey = key.stdout.trim();
    expect(clientKey).toMatch(/^sy-[0-9a-f]{32}$/);
  });

  it('shows status, accounts, logs and usage, as tables and as JSON', async () => {
    const first = await sendRequest('first');
    await sendRequest('second');
    const [status, accounts, logs, usage, usageJson] = await Promise.all([
      runCli(['status'], environment),
      runCli(['accounts', '--json'], environment),
      runCli(['logs', '-n', '20'], environment),
      runCli(['usage', '--by', 'model', '--since', '1d'], environment),
      runCli(['usage', '--by', 'provider', '--json'], environment),
    ]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain(`on ${url}`);
    expect(status.stdout).toMatch(/PROVIDER\s+ACCOUNT\s+STATUS\s+QUOTA\s+COOLDOWN/);
    expect(status.stdout).toMatch(/OpenAI-compatible\s+local\s+ok/);
    expect((JSON.parse(accounts.stdout) as Array<{ id: string }>).map((account) => account.id)).toContain('openai-compatible:local');
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toContain(`requestId=${first}`);
    expect(usage.code, usage.stderr).toBe(0);
    expect(usage.stdout).toMatch(/openai-compatible · local\/fake-gpt-4o\s+2\s+0\s+12\s+4/);
    expect((JSON.parse(usageJson.stdout) as { totals: { requests: number } }).totals.requests).toBe(2);
  });

  it('follows new log lines with logs -f', async () => {
    const follower = spawn(process.execPath, [switchyardBin, 'logs', '-f', '-n', '1'], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      const saw = (text: string) =>
        new Promise<void>((resolve, reject) => {
          const deadline = setTimeout(() => reject(new Error(`logs -f never printed ${text}:\n${output}`)), 15_000);
          const check = () => {
            if (output.includes(text)) {
              clearTimeout(deadline);
              follower.stdout.off('data', onData);
              resolve();
            }
          };
          const onData = (chunk: Buffer) => {
            output += chunk.toString('utf8');
            check();
          };
          follower.stdout.on('data', onData);
          check();
        });
      // The follower prints the newest line first; once it has, it is streaming.
      await saw(' INFO ');
      const third = await sendRequest('third');
      await saw(`requestId=${third}`);
    } finally {
      follower.kill('SIGTERM');
    }
  });

  it('stops', async () => {
    const stopped = await runCli(['stop'], environment);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stdout).toContain('Switchyard stopped');
    expect(existsSync(join(home, 'switchyard.pid'))).toBe(false);
    const [status, again] = await Promise.all([runCli(['status'], environment), runCli(['stop'], environment)]);
    expect(status.stderr).toContain('not running');
    expect(again.stdout).toContain('not running');
  });
});
