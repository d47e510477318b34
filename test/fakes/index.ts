/** Strict, recording fake upstreams for tests: see fake-upstream-base.ts for the shared handle and fault knobs. */
export {
  FakeUpstream,
  Exchange,
  readTokens,
  type Delivery,
  type ErrorAnswer,
  type Fault,
  type RecordedRequest,
  type TokenSet,
} from './fake-upstream-base.js';
export {
  DEFAULT_REPLY_TEXT,
  DEFAULT_USAGE,
  defaultReply,
  splitText,
  type FakeFinish,
  type FakeReply,
  type FakeToolCall,
  type FakeUsage,
} from './fake-reply.js';
export {
  DEFAULT_OPENAI_MODELS,
  FakeOpenAiCompatible,
  startFakeOpenAiCompatible,
  type FakeOpenAiCompatibleOptions,
  type OpenAiCompatibleQuirks,
} from './fake-openai-compatible.js';
export {
  ANTHROPIC_OAUTH_BETA,
  DEFAULT_ANTHROPIC_ACCESS_TOKEN,
  FakeAnthropic,
  anthropicOverloadedFault,
  anthropicRateLimitFault,
  startFakeAnthropic,
  type FakeAnthropicOptions,
} from './fake-anthropic.js';
export {
  DEFAULT_CODEX_ACCESS_TOKEN,
  DEFAULT_CODEX_ACCOUNT_ID,
  DEFAULT_CODEX_BASE_PATH,
  DEFAULT_CODEX_USAGE_PATH,
  FakeCodex,
  codexUsageLimitFault,
  startFakeCodex,
  type FakeCodexOptions,
} from './fake-codex.js';
export { DEFAULT_GEMINI_MODELS, FakeGemini, startFakeGemini, type FakeGeminiOptions } from './fake-gemini.js';
export { SKIP_THOUGHT_SIGNATURE } from './fake-gemini-validation.js';
export {
  CLAUDE_EXCHANGE_FIELDS,
  DEFAULT_CLAUDE_CLIENT_ID,
  FakeClaudeOAuth,
  startFakeClaudeOAuth,
  type FakeClaudeAccount,
  type FakeClaudeOAuthOptions,
  type TokenCall,
  type TokenFault,
} from './fake-claude-oauth.js';
export {
  CHATGPT_EXCHANGE_FIELDS,
  DEFAULT_CHATGPT_CLIENT_ID,
  FakeOpenAiOAuth,
  fakeJwt,
  startFakeOpenAiOAuth,
  type FakeChatgptAccount,
  type FakeOpenAiOAuthOptions,
  type OpenAiTokenCall,
  type RevokeCall,
} from './fake-openai-oauth.js';
