/**
 * The official SDKs parse every fake's wire: a second outside view, so a fake that drifts from what real clients
 * accept fails here rather than in the integration tests that rely on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { GoogleGenAI } from '@google/genai';
import {
  ANTHROPIC_OAUTH_BETA,
  DEFAULT_ANTHROPIC_ACCESS_TOKEN,
  DEFAULT_CODEX_ACCESS_TOKEN,
  DEFAULT_CODEX_ACCOUNT_ID,
  startFakeAnthropic,
  startFakeCodex,
  startFakeGemini,
  startFakeOpenAiCompatible,
  type FakeAnthropic,
  type FakeCodex,
  type FakeGemini,
  type FakeOpenAiCompatible,
} from './index.js';

const toolCall = { id: 'call_sdk_1', name: 'get_weather', arguments: '{"city":"Paris"}' };

describe('official SDKs accept the fakes', () => {
  let openAiFake: FakeOpenAiCompatible;
  let anthropicFake: FakeAnthropic;
  let codexFake: FakeCodex;
  let geminiFake: FakeGemini;

  beforeAll(async () => {
    [openAiFake, anthropicFake, codexFake, geminiFake] = await Promise.all([
      startFakeOpenAiCompatible({ apiKey: 'sk-sdk' }),
      startFakeAnthropic(),
      startFakeCodex(),
      startFakeGemini({ apiKey: 'gemini-sdk' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([openAiFake.close(), anthropicFake.close(), codexFake.close(), geminiFake.close()]);
  });

  it('openai: chat completion stream with tool calls and usage', async () => {
    openAiFake.enqueue({ text: 'Checking.', toolCalls: [toolCall] });
    const client = new OpenAI({ apiKey: 'sk-sdk', baseURL: `${openAiFake.url}/v1`, maxRetries: 0 });
    const stream = client.chat.completions.stream({
      model: 'fake-gpt-4o',
      messages: [{ role: 'user', content: 'weather?' }],
      stream_options: { include_usage: true },
    });
    const completion = await stream.finalChatCompletion();
    expect(completion.choices[0].message.content).toBe('Checking.');
    expect(completion.choices[0].message.tool_calls?.[0]).toMatchObject({ id: 'call_sdk_1', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.usage?.total_tokens).toBe(16);
  });

  it('anthropic: message stream with thinking, text and tool use, sent with an OAuth bearer', async () => {
    anthropicFake.enqueue({ reasoning: { text: 'Let me see.' }, text: 'Checking.', toolCalls: [{ ...toolCall, id: 'toolu_sdk_1' }] });
    const client = new Anthropic({
      apiKey: null,
      authToken: DEFAULT_ANTHROPIC_ACCESS_TOKEN,
      baseURL: anthropicFake.url,
      defaultHeaders: { 'anthropic-beta': ANTHROPIC_OAUTH_BETA },
      maxRetries: 0,
    });
    const message = await client.messages
      .stream({ model: 'claude-fake-model', max_tokens: 4096, messages: [{ role: 'user', content: 'weather?' }], thinking: { type: 'enabled', budget_tokens: 1024 } })
      .finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(message.content[2]).toMatchObject({ id: 'toolu_sdk_1', name: 'get_weather', input: { city: 'Paris' } });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(6);
  });

  it('openai: Responses stream from the Codex fake', async () => {
    codexFake.enqueue({ reasoning: { text: 'Plan.' }, text: 'Checking.', toolCalls: [toolCall] });
    const client = new OpenAI({
      apiKey: DEFAULT_CODEX_ACCESS_TOKEN,
      baseURL: codexFake.baseUrl,
      defaultHeaders: { 'chatgpt-account-id': DEFAULT_CODEX_ACCOUNT_ID },
      maxRetries: 0,
    });
    const response = await client.responses
      .stream({ model: 'gpt-5-codex', input: [{ role: 'user', content: 'weather?' }], store: false, include: ['reasoning.encrypted_content'] })
      .finalResponse();
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(response.output_text).toBe('Checking.');
    expect(response.usage?.total_tokens).toBe(16);
  });

  it('google genai: generateContentStream from the Gemini fake', async () => {
    geminiFake.enqueue({ text: 'Checking.', toolCalls: [toolCall] });
    const client = new GoogleGenAI({ apiKey: 'gemini-sdk', httpOptions: { baseUrl: geminiFake.url } });
    const stream = await client.models.generateContentStream({ model: 'gemini-2.5-pro', contents: 'weather?' });
    let text = '';
    let calls = 0;
    let finishReason: string | undefined;
    for await (const chunk of stream) {
      const parts = chunk.candidates?.[0]?.content?.parts ?? [];
      text += parts.map((part) => part.text ?? '').join('');
      calls += chunk.functionCalls?.length ?? 0;
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
    }
    expect(text).toBe('Checking.');
    expect(calls).toBe(1);
    expect(finishReason).toBe('STOP');
    expect(geminiFake.requests.at(-1)?.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
  });
});
