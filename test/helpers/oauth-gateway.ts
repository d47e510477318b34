/**
 * What the integration tests of the OAuth providers (Claude, ChatGPT) share: plain HTTP calls, the
 * management-key calls to the seed auth routes, the browser that follows the authorize redirect to the
 * loopback listener, callback ports taken or free, the stored account, polling with a deadline, and the
 * text of every file a running gateway wrote (for the no-secret checks).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { request } from 'undici';
export { freePort } from './free-port.js';
import { expect } from 'vitest';
import type { ProviderAuth } from '../../electron/core/providers/provider-auth.js';
import type { StoredAccount } from '../../electron/core/vault/vault-store.js';
import { send, type PlainRequest } from '../fakes/fake-test-helpers.js';
import type { RunningSwitchyard } from './start-switchyard.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

/** A call to the gateway with the management key (override headers to test other keys). */
export type ManagementCall = (
  path: string,
  options?: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; headers?: Record<string, string> },
) => Promise<HttpAnswer>;

/** Hold a loopback port, as another program would. */
export async function occupyPort(port: number): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return server;
}

export function releasePort(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Whether nothing answers on this port's callback path any more (the login listener closed). */
export async function callbackRefused(port: number, path: string): Promise<boolean> {
  try {
    const reply = await request(`http://127.0.0.1:${port}${path}`);
    await reply.body.dump();
    return false;
  } catch {
    return true;
  }
}

export async function httpCall(url: string, options: PlainRequest = {}): Promise<HttpAnswer> {
  const answer = await send(url, options);
  // HTML pages and empty bodies stay text, with an empty json.
  return { ...answer, json: answer.json === undefined ? {} : (answer.json as Record<string, unknown>) };
}

export function managementCalls(gateway: RunningSwitchyard): ManagementCall {
  return (path, call = {}) => httpCall(`${gateway.url}${path}`, { ...call, headers: { 'x-management-key': gateway.managementKey, ...call.headers } });
}

/** What a browser does with the login URL: open it, follow the 302 to the redirect URI, show the page. */
export async function browseLogin(authorizeUrl: string): Promise<{ redirectedTo: string; page: HttpAnswer }> {
  const first = await request(authorizeUrl, { method: 'GET' });
  await first.body.dump();
  const location = first.headers.location;
  if (first.statusCode !== 302 || typeof location !== 'string') throw new Error(`authorize answered ${first.statusCode} without a redirect`);
  return { redirectedTo: location, page: await httpCall(location) };
}

/** Open the authorize URL without following: the redirect a browser would be sent to. */
export async function authorizeRedirect(url: string): Promise<URL> {
  const reply = await request(url);
  await reply.body.dump();
  expect(reply.statusCode).toBe(302);
  return new URL(String(reply.headers.location));
}

/** Connect the provider's next account through the loopback listener, as a user with a browser would. */
export async function connectThroughBrowserAs(manage: ManagementCall, providerId: string): Promise<Record<string, unknown>> {
  const login = await manage(`/v1/auth/llmux/${providerId}/login`);
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${login.text}`);
  const { page } = await browseLogin(String(login.json.url));
  if (page.status !== 200) throw new Error(`the listener answered ${page.status}: ${page.text}`);
  return login.json;
}

export function providerAuth(gateway: RunningSwitchyard, providerId: string): ProviderAuth {
  const auth = gateway.switchyard.providers.find((provider) => provider.id === providerId)?.auth;
  if (!auth) throw new Error(`no ${providerId} auth`);
  return auth;
}

/** The account as stored in the vault (tests only: they read the vault directly). */
export function storedAccount(gateway: RunningSwitchyard, accountId: string): StoredAccount {
  const account = gateway.switchyard.vault.getAccount(accountId);
  if (!account) throw new Error('no account');
  return account;
}

/** Poll (no sleeping on a guess) until the condition holds or the deadline passes. */
export async function eventually(condition: () => boolean, deadlineMs = 10_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The log files' text, after a flush. */
export function logFilesText(gateway: RunningSwitchyard): string {
  gateway.switchyard.logs.flush();
  const directory = join(gateway.home, 'logs');
  return readdirSync(directory)
    .map((file) => readFileSync(join(directory, file), 'utf8'))
    .join('\n');
}

/** Everything under the data directory (logs, the usage ledger, settings, the sealed vault), byte for byte. */
export function homeFilesText(gateway: RunningSwitchyard): string {
  return readdirSync(gateway.home, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name)).toString('latin1'))
    .join('\n');
}
