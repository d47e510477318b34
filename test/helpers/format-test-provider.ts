/**
 * A test-only provider that speaks any upstream format against the strict fakes in test/fakes/, so the
 * conformance tests can pair every client format with every upstream format before the real Claude,
 * ChatGPT and AI Studio providers exist. It claims one model prefix (`up-chat/`, `up-messages/`...),
 * sends what each fake requires (auth headers, URL shape) and nothing more.
 */
import type { HealthCheck } from '../../shared/domain.js';
import type { FormatId } from '../../electron/core/canonical/format-id.js';
import { formats } from '../../electron/core/formats/format-registry.js';
import { mapUpstreamHttpError } from '../../electron/core/providers/openai-compatible/openai-compatible-errors.js';
import type { ProviderContext } from '../../electron/core/providers/provider-context.js';
import type { Provider, ProviderAccount, UpstreamCall } from '../../electron/core/providers/provider.js';
import type { UpstreamReply } from '../../electron/core/providers/upstream-http.js';
import {
  ANTHROPIC_OAUTH_BETA,
  DEFAULT_ANTHROPIC_ACCESS_TOKEN,
  DEFAULT_CODEX_ACCESS_TOKEN,
  DEFAULT_CODEX_ACCOUNT_ID,
  DEFAULT_CODEX_BASE_PATH,
} from '../fakes/index.js';

export interface FormatTestProviderOptions {
  format: FormatId;
  /** The model prefix this provider claims, e.g. `up-chat/`. */
  prefix: string;
  /** The fake's base URL (`fake.url`). */
  baseUrl: string;
  /** Upstream model ids listed under the prefix. */
  models: string[];
  /** The Gemini fake's key, when it was started with one. */
  geminiApiKey?: string;
}

/** One prefix per upstream format, as the conformance tests name them. */
export const upstreamPrefixes: Record<FormatId, string> = {
  'openai-chat': 'up-chat/',
  'anthropic-messages': 'up-messages/',
  'openai-responses': 'up-responses/',
  gemini: 'up-gemini/',
};

/** Fields the Codex backend refuses; a passthrough body loses them (the real ChatGPT provider does the same). */
const codexRefusedFields = ['previous_response_id', 'temperature', 'top_p', 'max_output_tokens', 'stream_options', 'user'];

/** Codex takes only `store:false, stream:true`: fix a passthrough body, and leave a compliant one byte for byte. */
function codexPassthroughBody(bodyText: string): string {
  const body = JSON.parse(bodyText) as Record<string, unknown>;
  const compliant = body.store === false && body.stream === true && codexRefusedFields.every((field) => !(field in body));
  if (compliant) return bodyText;
  for (const field of codexRefusedFields) delete body[field];
  body.store = false;
  body.stream = true;
  return JSON.stringify(body);
}

/** The URL and headers the fake of `options.format` requires for `call` (also used by tests that call a fake directly). */
export function fakeUpstreamTarget(
  options: Pick<FormatTestProviderOptions, 'format' | 'baseUrl' | 'geminiApiKey'>,
  call: Pick<UpstreamCall, 'operation' | 'stream' | 'upstreamModel'>,
): { url: string; headers: Record<string, string> } {
  const json = { 'content-type': 'application/json', accept: call.stream ? 'text/event-stream' : 'application/json' };
  switch (options.format) {
    case 'openai-chat':
      return { url: `${options.baseUrl}/v1/chat/completions`, headers: json };
    case 'anthropic-messages': {
      const path = call.operation === 'count-tokens' ? '/v1/messages/count_tokens' : '/v1/messages';
      return {
        url: `${options.baseUrl}${path}?beta=true`,
        headers: {
          ...json,
          authorization: `Bearer ${DEFAULT_ANTHROPIC_ACCESS_TOKEN}`,
          'anthropic-version': '2023-06-01',
          'anthropic-beta': `${ANTHROPIC_OAUTH_BETA},interleaved-thinking-2025-05-14`,
        },
      };
    }
    case 'openai-responses':
      return {
        url: `${options.baseUrl}${DEFAULT_CODEX_BASE_PATH}/responses`,
        headers: {
          ...json,
          accept: 'text/event-stream',
          authorization: `Bearer ${DEFAULT_CODEX_ACCESS_TOKEN}`,
          'chatgpt-account-id': DEFAULT_CODEX_ACCOUNT_ID,
        },
      };
    case 'gemini': {
      const model = encodeURIComponent(call.upstreamModel);
      const method =
        call.operation === 'count-tokens' ? 'countTokens' : call.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
      const headers: Record<string, string> = { ...json };
      if (options.geminiApiKey) headers['x-goog-api-key'] = options.geminiApiKey;
      return { url: `${options.baseUrl}/v1beta/models/${model}:${method}`, headers };
    }
  }
}

export function createFormatTestProvider(options: FormatTestProviderOptions): (context: ProviderContext) => Provider {
  const id = `test-${options.format}`;
  const account: ProviderAccount = { id: `${id}:1`, providerId: id, label: `fake ${options.format}`, status: 'ok', disabled: false };
  return (context) => ({
    id,
    displayName: `Test ${options.format}`,
    upstreamFormat: options.format,
    countsTokens: options.format === 'anthropic-messages' || options.format === 'gemini',
    async resolveModel(model) {
      if (!model.startsWith(options.prefix)) return undefined;
      const upstreamModel = model.slice(options.prefix.length);
      return upstreamModel ? { upstreamModel } : undefined;
    },
    listAccounts: () => [account],
    async listModels() {
      return options.models.map((model) => ({ id: `${options.prefix}${model}`, ownedBy: id }));
    },
    execute(call): Promise<UpstreamReply> {
      const target = fakeUpstreamTarget(options, call);
      return context.http.request({ url: target.url, headers: target.headers, body: call.body, signal: call.signal });
    },
    preparePassthroughBody: options.format === 'openai-responses' ? codexPassthroughBody : undefined,
    mapError: (failure) => mapUpstreamHttpError(failure, account.label, formats[options.format].parseError),
    async healthChecks(): Promise<HealthCheck[]> {
      return [{ name: `fake ${options.format}`, state: 'ok', detail: options.baseUrl }];
    },
    async close() {},
  });
}
