/**
 * Issue 5, using a connected Claude account: Claude Code–shaped passthrough, the Anthropic SDK streaming,
 * the OpenAI SDK (tools, reasoning_effort) and other clients translated, count_tokens upstream, 401 ->
 * one refresh -> retry, refusals verbatim, 429 with retry-after, quota windows in status, and no token in the logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { ANTHROPIC_OAUTH_BETA, anthropicRateLimitFault } from '../fakes/index.js';
import { connectThroughBrowser, startClaudeGateway, type ClaudeGateway } from '../helpers/claude-gateway.js';
import { homeFilesText, httpCall, logFilesText } from '../helpers/oauth-gateway.js';

const refusal = 'This credential is only authorized for use with Claude Code and cannot be used for other API requests.';
const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

let setup: ClaudeGateway;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  setup = await startClaudeGateway();
  await connectThroughBrowser(setup);
  openai = new OpenAI({ baseURL: `${setup.gateway.url}/v1`, apiKey: setup.gateway.clientKey, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: setup.gateway.url, apiKey: setup.gateway.clientKey, maxRetries: 0 });
});

afterAll(async () => {
  await setup?.close();
});

function storedTokens(): { accessToken: string; refreshToken: string } {
  const account = setup.gateway.switchyard.vault.getAccount('claude:user@example.com');
  if (!account) throw new Error('no account');
  return { accessToken: account.credentials.accessToken, refreshToken: account.credentials.refreshToken };
}

/** A Claude Code 2.x request (protocols.md §8): big system prompt, many tools, streaming, cache_control. */
function claudeCodeBody(model: string): string {
  const tools = Array.from({ length: 24 }, (_, index) => ({
    name: `tool_${index}`,
    description: `Tool number ${index} — does things «exactly» as told.`,
    input_schema: { type: 'object', properties: { path: { type: 'string' }, limit: { type: 'integer', minimum: 1 } }, required: ['path'] },
  }));
  // Spacing and key order as a client might send them: passthrough must keep every byte.
  return `{"model":"${model}","max_tokens":32000,"stream":true,
  "system":[{"type":"text","text":"You are Claude Code, Anthropic's official CLI for Claude.","cache_control":{"type":"ephemeral"}},{"type":"text","text":"${'Follow the rules. '.repeat(200)}"}],
  "messages":[{"role":"user","content":[{"type":"text","text":"List the files","cache_control":{"type":"ephemeral"}}]}],
  "tools":${JSON.stringify(tools)},"metadata":{"user_id":"user_abc_account_def_session_123"},"temperature":1}`;
}

describe('Claude Code (Anthropic format) passes through', () => {
  it('answers the HEAD / probe', async () => {
    const probe = await httpCall(`${setup.gateway.url}/`, { method: 'HEAD' });
    expect(probe.status).toBe(200);
  });

  it('sends the body byte for byte except the model, with the OAuth headers and the client betas', async () => {
    const sent = claudeCodeBody('claude/claude-sonnet-4-6');
    const reply = await httpCall(`${setup.gateway.url}/v1/messages?beta=true`, {
      body: sent,
      headers: {
        'x-api-key': setup.gateway.clientKey,
        'anthropic-version': '2023-06-01',
        'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14',
        'user-agent': 'claude-cli/2.1.220 (external, cli)',
        'x-claude-code-session-id': 'session-123',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/event-stream');
    expect(reply.text).toContain('event: message_start');
    expect(reply.text).toContain('event: message_stop');
    const upstream = setup.anthropic.requests.at(-1);
    expect(upstream?.path).toBe('/v1/messages?beta=true');
    expect(upstream?.bodyText).toBe(sent.replace('"model":"claude/claude-sonnet-4-6"', '"model":"claude-sonnet-4-6"'));
    expect(upstream?.headers.authorization).toBe(`Bearer ${storedTokens().accessToken}`);
    expect(upstream?.headers['x-api-key']).toBeUndefined();
    expect(upstream?.headers['anthropic-version']).toBe('2023-06-01');
    expect(upstream?.headers['anthropic-beta']).toBe(
      `${ANTHROPIC_OAUTH_BETA},claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14`,
    );
    expect(upstream?.headers.accept).toBe('text/event-stream');
    // Nothing invented or forwarded beyond what the upstream requires.
    expect(String(upstream?.headers['user-agent'] ?? '')).not.toContain('claude-cli');
    expect(upstream?.headers['x-claude-code-session-id']).toBeUndefined();
  });

  it('counts tokens upstream', async () => {
    const reply = await httpCall(`${setup.gateway.url}/v1/messages/count_tokens?beta=true`, {
      body: { model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'How many tokens is this?' }] },
      headers: { 'x-api-key': setup.gateway.clientKey, 'anthropic-version': '2023-06-01', 'anthropic-beta': 'token-counting-2024-11-01' },
    });
    expect(reply.status).toBe(200);
    expect(reply.json.input_tokens).toEqual(expect.any(Number));
    expect(reply.headers['x-switchyard-token-count']).toBeUndefined();
    const upstream = setup.anthropic.requests.at(-1);
    expect(upstream?.path).toBe('/v1/messages/count_tokens?beta=true');
    expect(upstream?.headers['anthropic-beta']).toBe(`${ANTHROPIC_OAUTH_BETA},token-counting-2024-11-01`);
  });

  it('drops thinking blocks signed by another upstream (sy:) and keeps the rest', async () => {
    setup.anthropic.enqueue({ text: 'Fine.' });
    const message = await anthropic.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 2000,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'from elsewhere', signature: 'sy:openai-responses:gAAAAforeign' }, { type: 'text', text: 'Hello' }] },
        { role: 'user', content: 'And now?' },
      ],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Fine.' });
    expect(setup.anthropic.requests.at(-1)?.bodyText).not.toContain('sy:openai-responses');
  });

  it('lists the Claude catalogue in both model-list shapes', async () => {
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toContain('claude-sonnet-5-5');
    const anthropicModels = await anthropic.models.list();
    expect(anthropicModels.data.find((model) => model.id === 'claude-opus-4-6')?.display_name).toBe('Claude Opus 4.6');
  });
});

describe('the Anthropic SDK', () => {
  it('streams thinking, text and a tool call', async () => {
    setup.anthropic.enqueue({
      reasoning: { text: 'The user wants weather.' },
      text: 'Let me check.',
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }],
    });
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const final = await stream.finalMessage();
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(final.content[2]).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    expect(final.stop_reason).toBe('tool_use');

    // The next turn replays the signed thinking block; the fake accepts only signatures it issued.
    setup.anthropic.enqueue({ text: 'Sunny.' });
    const toolUse = final.content[2];
    if (toolUse.type !== 'tool_use') throw new Error('no tool use');
    const next = await anthropic.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: final.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny' }] },
      ],
    });
    expect(next.content[0]).toMatchObject({ type: 'text', text: 'Sunny.' });
  });
});

describe('client disconnects', () => {
  it('abort the upstream call', async () => {
    setup.anthropic.enqueueFault({ kind: 'stall', afterChunks: 3 });
    const stream = await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    for await (const event of stream) {
      if (event.type === 'message_start') break;
    }
    await setup.anthropic.onRequestClosed();
  });
});

describe('translated clients', () => {
  it('serves the OpenAI SDK with tools and reasoning_effort, then the tool results', async () => {
    setup.anthropic.enqueue({ reasoning: { text: 'Thinking hard.' }, toolCalls: [{ name: 'get_weather', arguments: '{"city":"Rome"}' }] });
    const first = await openai.chat.completions.create({
      model: 'claude-sonnet-4-6',
      reasoning_effort: 'high',
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Weather in Rome?' }],
    });
    const upstreamBody = setup.anthropic.requests.at(-1)?.body as Record<string, unknown>;
    expect(upstreamBody.thinking).toMatchObject({ type: 'enabled', budget_tokens: expect.any(Number) });
    expect(upstreamBody).not.toHaveProperty('reasoning_effort');
    expect(upstreamBody.tools).toEqual([expect.objectContaining({ name: 'get_weather', input_schema: expect.any(Object) })]);
    const calls = first.choices[0].message.tool_calls ?? [];
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(calls).toHaveLength(1);
    expect(calls[0].type === 'function' && JSON.parse(calls[0].function.arguments)).toEqual({ city: 'Rome' });

    setup.anthropic.enqueue({ text: 'Rome is sunny.', chunkCount: 3 });
    const stream = await openai.chat.completions.create({
      model: 'claude-sonnet-4-6',
      reasoning_effort: 'high',
      tools: [weatherTool],
      stream: true,
      messages: [
        { role: 'user', content: 'Weather in Rome?' },
        first.choices[0].message,
        { role: 'tool', tool_call_id: calls[0].id, content: 'sunny' },
      ],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Rome is sunny.');
  });

  it('serves the Responses API and a Gemini client', async () => {
    setup.anthropic.enqueue({ text: 'Hi from Claude.' });
    const response = await openai.responses.create({ model: 'claude-sonnet-4-6', input: 'Hello', reasoning: { effort: 'low' } });
    expect(response.output_text).toBe('Hi from Claude.');

    setup.anthropic.enqueue({ text: 'Gemini asked.' });
    const gemini = new GoogleGenAI({ apiKey: setup.gateway.clientKey, httpOptions: { baseUrl: setup.gateway.url } });
    const answer = await gemini.models.generateContent({ model: 'claude-haiku-4-5', contents: 'Hello' });
    expect(answer.text).toBe('Gemini asked.');
  });
});

describe('upstream answers', () => {
  it('refreshes once on a 401 and retries with the new token', async () => {
    const before = storedTokens();
    const refreshes = setup.oauth.refreshCalls().length;
    const requests = setup.anthropic.requests.length;
    setup.oauth.expireAccessToken(before.accessToken);
    setup.anthropic.enqueue({ text: 'After refresh.' });
    const completion = await openai.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.choices[0].message.content).toBe('After refresh.');
    expect(setup.oauth.refreshCalls().length).toBe(refreshes + 1);
    const after = storedTokens();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(setup.oauth.isCurrentRefreshToken(after.refreshToken)).toBe(true);
    const [rejected, retried] = setup.anthropic.requests.slice(requests);
    expect(rejected.headers.authorization).toBe(`Bearer ${before.accessToken}`);
    expect(retried.headers.authorization).toBe(`Bearer ${after.accessToken}`);
  });

  it('hands a refusal to the client verbatim, in its own format', async () => {
    const refusalFault = {
      kind: 'status' as const,
      status: 400,
      body: { type: 'error', error: { type: 'invalid_request_error', message: refusal }, request_id: 'req_refused' },
    };
    setup.anthropic.enqueueFault(refusalFault);
    const openAiError = await openai.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(openAiError).toBeInstanceOf(OpenAI.APIError);
    expect((openAiError as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect((openAiError as InstanceType<typeof OpenAI.APIError>).error).toMatchObject({ message: refusal, type: 'invalid_request_error' });

    setup.anthropic.enqueueFault(refusalFault);
    const anthropicError = await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(anthropicError).toBeInstanceOf(Anthropic.APIError);
    expect((anthropicError as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: refusal } });
  });

  it('answers 429 with retry-after in whole seconds', async () => {
    setup.anthropic.enqueueFault(anthropicRateLimitFault(42));
    const error = await openai.chat.completions.create({ model: 'claude-sonnet-4-6', messages: [{ role: 'user', content: 'Hi' }] }).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(429);
    expect((error as InstanceType<typeof OpenAI.APIError>).headers?.get('retry-after')).toBe('42');
    // Routing now cools the account; the next test starts from a usable account.
    for (const account of setup.gateway.switchyard.vault.listAccounts('claude')) await setup.gateway.switchyard.cooldowns.clear(account.id);
  });

  it('shows the quota windows of the last response in status', async () => {
    const reset5h = Math.floor(Date.now() / 1000) + 1800;
    setup.anthropic.setRateLimitHeaders({
      'anthropic-ratelimit-unified-5h-reset': String(reset5h),
      'anthropic-ratelimit-unified-5h-utilization': '0.42',
      'anthropic-ratelimit-unified-7d-status': 'allowed_warning',
    });
    await anthropic.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] });
    const status = await setup.manage('/v1/auth/llmux/claude/status?user_email=user@example.com');
    const [account] = status.json.accounts as Array<{ quota: Array<Record<string, unknown>> }>;
    expect(account.quota[0]).toEqual({ name: '5h', status: 'allowed', resetsAt: reset5h * 1000, usedFraction: 0.42 });
    expect(account.quota[1]).toMatchObject({ name: '7d', status: 'allowed_warning' });
  });
});

describe('the quota read-out on request', () => {
  it('reads the usage endpoint into the account', async () => {
    const claude = setup.gateway.switchyard.providers.find((provider) => provider.id === 'claude');
    const windows = await claude?.refreshQuota?.('claude:user@example.com');
    expect(windows?.map((window) => [window.name, window.usedFraction])).toEqual([
      ['5h', 0.37],
      ['7d', 0.12],
    ]);
    expect(setup.gateway.switchyard.vault.getAccount('claude:user@example.com')?.quota).toEqual(windows);
    const usageCall = setup.oauth.requests.findLast((request) => request.path === '/api/oauth/usage');
    expect(usageCall?.headers['anthropic-beta']).toBe(ANTHROPIC_OAUTH_BETA);
  });
});

describe('secrets', () => {
  it('never writes an access or refresh token to the log files, or any other file in clear', async () => {
    const logText = logFilesText(setup.gateway);
    // Everything under the data directory: logs, the usage ledger, settings, the sealed vault.
    const everything = homeFilesText(setup.gateway);
    expect(logText).toContain('claude account connected');
    expect(logText).toContain('"providerId":"claude"');
    const secrets = [...setup.oauth.issuedRefreshTokens(), ...setup.oauth.validAccessTokens(), ...setup.oauth.expiredAccessTokens()];
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    for (const secret of secrets) {
      expect(logText).not.toContain(secret);
      expect(everything).not.toContain(secret);
    }
    for (const call of setup.oauth.tokenCalls) {
      for (const field of ['code', 'code_verifier']) if (typeof call.body[field] === 'string') expect(logText).not.toContain(call.body[field]);
    }
  });
});
