/**
 * Issue 5: the vault survives a kill -9 in the middle of a token refresh. A child process (tsx) refreshes
 * the account of a shared SWITCHYARD_HOME and is killed (1) while its refresh call is held by the fake
 * token endpoint, (2) at an arbitrary point of a long refresh loop. The vault then opens and holds a
 * complete account each time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createHeadlessCipher } from '../../electron/core/vault/headless-cipher.js';
import { VaultStore } from '../../electron/core/vault/vault-store.js';
import { startFakeAnthropic, startFakeClaudeOAuth, type FakeAnthropic, type FakeClaudeOAuth } from '../fakes/index.js';
import { claudeEnvironment } from '../helpers/claude-gateway.js';
import { browseLogin, freePort, httpCall } from '../helpers/oauth-gateway.js';
import { makeTempHome, startSwitchyard } from '../helpers/start-switchyard.js';

const accountId = 'claude:user@example.com';
const childScript = fileURLToPath(new URL('../helpers/claude-refresh-child.ts', import.meta.url));
let oauth: FakeClaudeOAuth;
let anthropic: FakeAnthropic;
let home: string;
let environment: Record<string, string>;

beforeAll(async () => {
  oauth = await startFakeClaudeOAuth();
  anthropic = await startFakeAnthropic({ accessTokens: () => oauth.validAccessTokens() });
  home = makeTempHome();
  environment = { ...claudeEnvironment(oauth, anthropic, await freePort()), SWITCHYARD_HOME: home, SWITCHYARD_KEYRING: 'off', SWITCHYARD_LOG_LEVEL: 'info' };
  // Connect the account with a gateway that is then stopped, so the child is the vault's only writer.
  const gateway = await startSwitchyard(environment, home);
  const login = await httpCall(`${gateway.url}/v1/auth/llmux/claude/login`, { headers: { 'x-management-key': gateway.managementKey } });
  await browseLogin(String(login.json.url));
  await gateway.switchyard.stop();
});

afterAll(async () => {
  await Promise.all([oauth?.close(), anthropic?.close()]);
  if (home) rmSync(home, { recursive: true, force: true });
});

function startChild(count: number): { child: ChildProcess; ready: Promise<void>; exited: Promise<NodeJS.Signals | number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, accountId, String(count)], {
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) resolve();
    });
    child.once('exit', () => reject(new Error(`the child exited before it was ready: ${errors}`)));
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { child, ready, exited };
}

async function reopenVault(): Promise<VaultStore> {
  return VaultStore.open(home, createHeadlessCipher(home, { useKeyring: false }));
}

describe('kill -9 during a refresh', () => {
  it('leaves the previous tokens when the process dies while the refresh is in flight', async () => {
    const before = (await reopenVault()).getAccount(accountId);
    expect(before?.credentials.refreshToken).toBeTruthy();
    const calls = oauth.refreshCalls().length;
    oauth.holdRefreshes(true);
    const { child, ready, exited } = startChild(1);
    await ready;
    await oauth.waitForTokenCalls('refresh_token', calls + 1);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    oauth.holdRefreshes(false);

    const after = (await reopenVault()).getAccount(accountId);
    expect(after?.credentials).toEqual(before?.credentials);
    expect(after?.status).toBe('ok');
    // The held call never answered, so the grant did not rotate: the stored refresh token still works.
    expect(oauth.isCurrentRefreshToken(String(after?.credentials.refreshToken))).toBe(true);
  });

  it('leaves a whole vault when the process dies at any point of a refresh loop', async () => {
    const calls = oauth.refreshCalls().length;
    const { child, ready, exited } = startChild(100_000);
    await ready;
    await oauth.waitForTokenCalls('refresh_token', calls + 25);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const vault = await reopenVault();
    const account = vault.getAccount(accountId);
    expect(account?.credentials.accessToken).toMatch(/^sk-ant-oat01-/);
    // The newest refresh token, or the one before it when the kill fell between the answer and the write.
    const issued = oauth.issuedRefreshTokens();
    expect(issued.slice(-2)).toContain(account?.credentials.refreshToken);
    expect(oauth.refreshCalls().length).toBeGreaterThanOrEqual(calls + 25);
  });
});
