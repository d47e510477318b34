/**
 * A Switchyard wired to the fake Claude OAuth server and the fake Messages API, plus what a test does as
 * a user: call the seed auth routes with the management key, and play the browser that follows the
 * authorize redirect to the loopback listener.
 */
import { createServer } from 'node:net';
import { request } from 'undici';
import { startFakeAnthropic, startFakeClaudeOAuth, type FakeAnthropic, type FakeClaudeOAuth, type FakeClaudeOAuthOptions } from '../fakes/index.js';
import { startSwitchyard, makeTempHome, type RunningSwitchyard } from './start-switchyard.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown>;
}

export interface ClaudeGateway {
  oauth: FakeClaudeOAuth;
  anthropic: FakeAnthropic;
  gateway: RunningSwitchyard;
  callbackPort: number;
  /** A call to the gateway with the management key (override headers to test other keys). */
  manage(path: string, options?: { method?: 'GET' | 'POST' | 'DELETE'; body?: unknown; headers?: Record<string, string> }): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** A port that was free a moment ago (the login listener binds it later). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export async function httpCall(
  url: string,
  options: { method?: 'GET' | 'POST' | 'DELETE' | 'HEAD'; body?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpAnswer> {
  const hasBody = options.body !== undefined;
  const reply = await request(url, {
    method: options.method ?? (hasBody ? 'POST' : 'GET'),
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...options.headers },
    body: hasBody ? (typeof options.body === 'string' ? options.body : JSON.stringify(options.body)) : undefined,
  });
  const text = await reply.body.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // HTML pages and empty bodies stay text.
  }
  return { status: reply.statusCode, headers: reply.headers, text, json };
}

/** What a browser does with the login URL: open it, follow the 302 to the redirect URI, show the page. */
export async function browseLogin(authorizeUrl: string): Promise<{ redirectedTo: string; page: HttpAnswer }> {
  const first = await request(authorizeUrl, { method: 'GET' });
  await first.body.dump();
  const location = first.headers.location;
  if (first.statusCode !== 302 || typeof location !== 'string') throw new Error(`authorize answered ${first.statusCode} without a redirect`);
  return { redirectedTo: location, page: await httpCall(location) };
}

export function claudeEnvironment(oauth: FakeClaudeOAuth, anthropic: FakeAnthropic, callbackPort: number): Record<string, string> {
  return {
    SWITCHYARD_CLAUDE_AUTHORIZE_URL: oauth.authorizeUrl,
    SWITCHYARD_CLAUDE_TOKEN_URL: oauth.tokenUrl,
    SWITCHYARD_CLAUDE_PROFILE_URL: oauth.profileUrl,
    SWITCHYARD_CLAUDE_USAGE_URL: oauth.usageUrl,
    SWITCHYARD_CLAUDE_API_BASE_URL: anthropic.url,
    SWITCHYARD_CLAUDE_CALLBACK_PORT: String(callbackPort),
  };
}

export async function startClaudeGateway(
  options: { oauth?: FakeClaudeOAuthOptions; environment?: Record<string, string>; home?: string } = {},
): Promise<ClaudeGateway> {
  const oauth = await startFakeClaudeOAuth(options.oauth);
  const anthropic = await startFakeAnthropic({ accessTokens: () => oauth.validAccessTokens(), expiredTokens: () => oauth.expiredAccessTokens() });
  const callbackPort = await freePort();
  const gateway = await startSwitchyard({ ...claudeEnvironment(oauth, anthropic, callbackPort), ...options.environment }, options.home ?? makeTempHome());
  return {
    oauth,
    anthropic,
    gateway,
    callbackPort,
    manage: (path, call = {}) => httpCall(`${gateway.url}${path}`, { ...call, headers: { 'x-management-key': gateway.managementKey, ...call.headers } }),
    async close() {
      await gateway.stop();
      await Promise.all([oauth.close(), anthropic.close()]);
    },
  };
}

/** Connect the next account through the loopback listener, as a user with a browser would. */
export async function connectThroughBrowser(setup: ClaudeGateway): Promise<Record<string, unknown>> {
  const login = await setup.manage('/v1/auth/llmux/claude/login');
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${login.text}`);
  const { page } = await browseLogin(String(login.json.url));
  if (page.status !== 200) throw new Error(`the listener answered ${page.status}: ${page.text}`);
  return login.json;
}
