/**
 * The official SDKs through Switchyard, each to an upstream of a different format: if an SDK cannot
 * assemble our translated stream, the test fails the way a user's tool would. Asserts on the final
 * assembled message, its tool calls and usage, and a second turn the strict fake accepts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI, Type, type Content } from '@google/genai';
import { request } from 'undici';
import { asArray, asRecord } from './conformance/client-driver.js';
import { startHarness, type Harness } from './conformance/conformance-harness.js';

let harness: Harness;
let openai: OpenAI;
let anthropic: Anthropic;
let genai: GoogleGenAI;

const usage = { input: 12, output: 7, cached: 4 };
const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

beforeAll(async () => {
  harness = await startHarness();
  const { url, clientKey } = harness.gateway;
  openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: clientKey, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: url, apiKey: clientKey, maxRetries: 0 });
  genai = new GoogleGenAI({ apiKey: clientKey, httpOptions: { baseUrl: url } });
});
afterAll(async () => {
  await harness?.stop();
});
beforeEach(() => {
  for (const fake of Object.values(harness.fakes)) fake.reset();
});

describe('openai responses.stream() -> Claude (Messages) upstream', () => {
  it('assembles reasoning, text, a function call and usage, then replays the signed reasoning on turn 2', async () => {
    const claude = harness.fakes.messages;
    claude.enqueue({ reasoning: { text: 'Need the weather tool.' }, text: 'Checking.', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }], usage });
    const tools = [{ type: 'function' as const, name: 'get_weather', description: 'Weather', parameters, strict: false }];
    const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await openai.responses
      .stream({ model: harness.model('anthropic-messages'), input, tools, reasoning: { effort: 'low', summary: 'auto' }, store: false, include: ['reasoning.encrypted_content'] })
      .finalResponse();
    expect(first.status).toBe('completed');
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(first.output_text).toBe('Checking.');
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ name: 'get_weather', arguments: '{"city":"Paris"}' });
    expect(first.usage).toMatchObject({ input_tokens: 16, output_tokens: 7, input_tokens_details: { cached_tokens: 4 } });
    // Claude got thinking enabled, with the low effort's budget.
    expect(asRecord(claude.requests.at(-1)?.body).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });

    claude.enqueue({ text: 'Sunny.' });
    const second = await openai.responses
      .stream({
        model: harness.model('anthropic-messages'),
        input: [...input, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { type: 'function_call_output', call_id: call?.type === 'function_call' ? call.call_id : '', output: 'sunny' }],
        tools,
        reasoning: { effort: 'low', summary: 'auto' },
        store: false,
      })
      .finalResponse();
    expect(second.output_text).toBe('Sunny.');
    const replayed = asArray(asRecord(claude.requests.at(-1)?.body).messages).map(asRecord);
    expect(asArray(replayed[1].content).map((block) => asRecord(block).type)).toEqual(['thinking', 'text', 'tool_use']);
  });
});

describe('openai chat.completions.stream() -> Gemini upstream', () => {
  it('assembles text, parallel tool calls and usage, and round-trips the results', async () => {
    const gemini = harness.fakes.gemini;
    gemini.enqueue({
      text: 'Looking up both.',
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'get_weather', arguments: '{"city":"Rome"}' },
      ],
      usage,
    });
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather', parameters: { ...parameters, additionalProperties: false, $schema: 'http://json-schema.org/draft-07/schema#' } } }];
    const messages: OpenAI.Chat.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Paris and Rome?' }];
    const first = await openai.chat.completions
      .stream({ model: harness.model('gemini'), messages, tools, stream_options: { include_usage: true } })
      .finalChatCompletion();
    const message = first.choices[0].message;
    expect(message.content).toBe('Looking up both.');
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    const calls = message.tool_calls ?? [];
    expect(calls.map((entry) => (entry.type === 'function' ? [entry.function.name, entry.function.arguments] : []))).toEqual([
      ['get_weather', '{"city":"Paris"}'],
      ['get_weather', '{"city":"Rome"}'],
    ]);
    expect(new Set(calls.map((entry) => entry.id)).size).toBe(2);
    expect(first.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 4 } });
    // The strict fake accepted the schema: JSON-Schema-only keywords were cleaned for Gemini.

    gemini.enqueue({ text: 'Sunny and rainy.' });
    const second = await openai.chat.completions.create({
      model: harness.model('gemini'),
      tools,
      messages: [...messages, message, ...calls.map((entry, index) => ({ role: 'tool' as const, tool_call_id: entry.id, content: index === 0 ? 'sunny' : 'rainy' }))],
    });
    expect(second.choices[0].message.content).toBe('Sunny and rainy.');
  });
});

describe('@anthropic-ai/sdk messages.stream() -> ChatGPT (Responses) upstream', () => {
  it('assembles thinking with a replayable signature, text, tool_use and usage over two turns', async () => {
    const codex = harness.fakes.responses;
    codex.enqueue({ reasoning: { text: 'Let me plan.' }, text: 'On it.', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Oslo"}' }], usage });
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: parameters as Anthropic.Tool.InputSchema }];
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Oslo?' }];
    const thinking = { type: 'enabled' as const, budget_tokens: 2048 };
    const first = await anthropic.messages.stream({ model: harness.model('openai-responses'), max_tokens: 4096, messages, tools, thinking }).finalMessage();
    expect(first.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    const [thought, , toolUse] = first.content;
    expect(thought).toMatchObject({ type: 'thinking', thinking: 'Let me plan.', signature: expect.stringMatching(/^sy:openai-responses:/) });
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Oslo' }, id: expect.any(String) });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.usage).toMatchObject({ input_tokens: 12, cache_read_input_tokens: 4, output_tokens: 7 });

    codex.enqueue({ text: 'Cold.' });
    const toolUseId = toolUse.type === 'tool_use' ? toolUse.id : '';
    const second = await anthropic.messages
      .stream({
        model: harness.model('openai-responses'),
        max_tokens: 4096,
        tools,
        thinking,
        messages: [...messages, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUseId, content: '-3 C' }] }],
      })
      .finalMessage();
    expect(second.content).toMatchObject([{ type: 'text', text: 'Cold.' }]);
    const input = asArray(asRecord(codex.requests.at(-1)?.body).input).map(asRecord);
    expect(input.filter((item) => item.type === 'reasoning').map((item) => item.encrypted_content)).toEqual([...codex.issuedEncryptedContents].slice(-1));
  });
});

describe('@google/genai -> Chat upstream, with the model name in the path as <prefix>/<model>', () => {
  it('streams text, a function call and usage with generateContentStream, and the next turn is accepted', async () => {
    const chat = harness.fakes.chat;
    chat.enqueue({ text: 'Let me look.', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Lima"}' }], usage });
    const config = {
      tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather', parameters: { type: Type.OBJECT, properties: { city: { type: Type.STRING } }, required: ['city'] } }] }],
    };
    const contents: Content[] = [{ role: 'user', parts: [{ text: 'Weather in Lima?' }] }];
    const stream = await genai.models.generateContentStream({ model: harness.model('openai-chat'), contents, config });
    let text = '';
    const parts: NonNullable<Content['parts']> = [];
    let usageMetadata: unknown;
    let finishReason: string | undefined;
    for await (const chunk of stream) {
      const chunkParts = chunk.candidates?.[0]?.content?.parts ?? [];
      parts.push(...chunkParts);
      text += chunkParts.map((part) => (part.thought ? '' : (part.text ?? ''))).join('');
      usageMetadata = chunk.usageMetadata ?? usageMetadata;
      finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
    }
    expect(text).toBe('Let me look.');
    const call = parts.find((part) => part.functionCall)?.functionCall;
    expect(call).toMatchObject({ name: 'get_weather', args: { city: 'Lima' } });
    expect(finishReason).toBe('STOP');
    expect(usageMetadata).toMatchObject({ promptTokenCount: 16, candidatesTokenCount: 7, cachedContentTokenCount: 4 });
    // Gemini's upper-case schema types reach the Chat upstream as standard JSON Schema.
    const sentTools = asArray(asRecord(chat.requests.at(-1)?.body).tools).map((tool) => asRecord(asRecord(tool).function).parameters);
    expect(sentTools).toEqual([{ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }]);

    chat.enqueue({ text: 'Warm in Lima.' });
    const second = await genai.models.generateContent({
      model: harness.model('openai-chat'),
      contents: [...contents, { role: 'model', parts }, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', id: call?.id, response: { result: 'warm' } } }] }],
      config,
    });
    expect(second.text).toBe('Warm in Lima.');
    expect(chat.requests.at(-1)?.path).toBe('/v1/chat/completions');
  });

  it('reaches the route as /v1beta/models/<prefix>/<model>:generateContent, and takes the key as ?key=', async () => {
    const chat = harness.fakes.chat;
    chat.enqueue({ text: 'Hello.' });
    const routes: string[] = [];
    const stop = harness.gateway.switchyard.onRequestRecord((record) => routes.push(record.route));
    const answer = await genai.models.generateContent({ model: harness.model('openai-chat'), contents: 'Hi' });
    expect(answer.text).toBe('Hello.');
    expect(answer.usageMetadata?.promptTokenCount).toBe(10);

    chat.enqueue({ text: 'Keyed.' });
    const path = `/v1beta/models/${harness.model('openai-chat')}:generateContent`;
    const reply = await request(`${harness.gateway.url}${path}?key=${harness.gateway.clientKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }),
    });
    const body = (await reply.body.json()) as { candidates: Array<{ content: { parts: Array<{ text?: string }> } }> };
    expect(reply.statusCode).toBe(200);
    expect(body.candidates[0].content.parts[0].text).toBe('Keyed.');
    await expect.poll(() => routes).toEqual([path, path]);
    stop();
  });
});

describe('@google/genai model listing, lookup and token counting with <prefix>/<model> names', () => {
  it('lists, gets and counts through the slash path', async () => {
    const pager = await genai.models.list();
    const names: string[] = [];
    for await (const model of pager) names.push(model.name ?? '');
    expect(names).toEqual(expect.arrayContaining(['models/up-chat/fake-gpt-4o', 'models/up-gemini/gemini-2.5-pro']));
    const model = await genai.models.get({ model: harness.model('openai-chat') });
    expect(model.name).toBe('models/up-chat/fake-gpt-4o');
    // A Chat upstream cannot count: a local estimate. A Gemini upstream counts for real.
    const estimated = await genai.models.countTokens({ model: harness.model('openai-chat'), contents: 'How many tokens is this?' });
    expect(estimated.totalTokens).toBeGreaterThan(0);
    const counted = await genai.models.countTokens({ model: harness.model('gemini'), contents: 'How many tokens is this?' });
    expect(counted.totalTokens).toBeGreaterThan(0);
    expect(harness.fakes.gemini.requests.at(-1)?.path).toBe('/v1beta/models/gemini-2.5-pro:countTokens');
  });
});

describe('Gemini streamGenerateContent without alt=sse (one JSON array)', () => {
  it.each(['anthropic-messages', 'gemini'] as const)('streams a JSON array from a %s upstream', async (upstream) => {
    harness.fake(upstream).enqueue({ text: 'one two three', usage });
    const reply = await request(`${harness.gateway.url}/v1beta/models/${harness.model(upstream)}:streamGenerateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': harness.gateway.clientKey },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Count.' }] }] }),
    });
    expect(reply.headers['content-type']).toContain('application/json');
    const chunks = (await reply.body.json()) as Array<{ candidates: Array<{ content: { parts: Array<{ text?: string }> }; finishReason?: string }>; usageMetadata?: { promptTokenCount: number } }>;
    expect(chunks.map((chunk) => chunk.candidates[0].content.parts.map((part) => part.text ?? '').join('')).join('')).toBe('one two three');
    expect(chunks.at(-1)?.candidates[0].finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata?.promptTokenCount).toBe(16);
  });
});
