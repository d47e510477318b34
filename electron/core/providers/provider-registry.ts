/** Every provider, one line each. Adding a provider is a folder plus one line here. */
import type { ProviderContext } from './provider-context.js';
import type { Provider } from './provider.js';
import { createOpenAiCompatibleProvider } from './openai-compatible/openai-compatible-provider.js';
import { createClaudeProvider } from './claude/claude-provider.js';
import { createChatgptProvider } from './chatgpt/chatgpt-provider.js';

export const providerFactories: ReadonlyArray<(context: ProviderContext) => Provider> = [
  createOpenAiCompatibleProvider,
  (context) => createClaudeProvider(context),
  (context) => createChatgptProvider(context),
];
