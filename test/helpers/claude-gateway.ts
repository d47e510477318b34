/**
 * A Switchyard wired to the fake Claude OAuth server and the fake Messages API, plus what a test does as
 * a user: call the seed auth routes with the management key, and play the browser that follows the
 * authorize redirect to the loopback listener (the shared steps are in oauth-gateway.ts).
 */
import { startFakeAnthropic, startFakeClaudeOAuth, type FakeAnthropic, type FakeClaudeOAuth, type FakeClaudeOAuthOptions } from '../fakes/index.js';
import { connectThroughBrowserAs, freePort, managementCalls, type ManagementCall } from './oauth-gateway.js';
import { startSwitchyard, makeTempHome, type RunningSwitchyard } from './start-switchyard.js';

export interface ClaudeGateway {
  oauth: FakeClaudeOAuth;
  anthropic: FakeAnthropic;
  gateway: RunningSwitchyard;
  callbackPort: number;
  manage: ManagementCall;
  close(): Promise<void>;
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
    manage: managementCalls(gateway),
    async close() {
      await gateway.stop();
      await Promise.all([oauth.close(), anthropic.close()]);
    },
  };
}

/** Connect the next account through the loopback listener, as a user with a browser would. */
export function connectThroughBrowser(setup: ClaudeGateway): Promise<Record<string, unknown>> {
  return connectThroughBrowserAs(setup.manage, 'claude');
}
