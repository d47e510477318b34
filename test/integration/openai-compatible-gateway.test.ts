/**
 * Issue 2 end to end: the real server on an ephemeral port, a strict fake OpenAI-compatible upstream,
 * and the official OpenAI and Anthropic SDKs as clients.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/index.js';
import { openAiCompatibleEnvironment, startSwitchyard, type RunningSwitchyard } from '../helpers/start-switchyard.js';

const upstreamKey = 'sk-upstream-secret-0123456789abcdef';
let fake: FakeOpenAiCompatible;
let gateway: RunningSwitchyard;
let openai: OpenAI;
let anthropic: Anthropic;

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

beforeAll(async () => {
  fake = await startFakeOpenAiCompatible({ apiKey: upstreamKey });
  gateway = await startSwitchyard(openAiCompatibleEnvironment([{ name: 'local', baseUrl: `${fake.url}/v1`, apiKey: upstreamKey }]));
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.clientKey, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.clientKey, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

describe('OpenAI SDK through Switchyard (passthrough)', () => {
  it('lists models as <entry>/<model>', async () => {
    const page = await openai.models.list();
    expect(page.data.map((model) => model.id)).toContain('local/fake-gpt-4o');
  });

  it('answers a chat completion and sends the upstream model name with the entry key', async () => {
    fake.enqueue({ text: 'Hi there', usage: { input: 7, output: 2 } });
    const completion = await openai.chat.completions.create({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'Hello' }] });
    expect(completion.choices[0].message.content).toBe('Hi there');
    expect(completion.usage?.prompt_tokens).toBe(7);
    const sent = fake.requests.at(-1);
    expect((sent?.body as { model: string }).model).toBe('fake-gpt-4o');
    expect(sent?.headers.authorization).toBe(`Bearer ${upstreamKey}`);
  });

  it('keeps unknown fields byte for byte in passthrough', async () => {
    fake.enqueue({ text: 'ok' });
    await openai.chat.completions.create({
      model: 'local/fake-gpt-4o',
      messages: [{ role: 'user', content: 'x' }],
      // @ts-expect-error an exotic field no translator knows
      switchyard_probe: { nested: [1.5, 'keep'] },
    });
    expect(fake.requests.at(-1)?.bodyText).toContain('"switchyard_probe":{"nested":[1.5,"keep"]}');
  });

  it('streams a chat completion', async () => {
    fake.enqueue({ text: 'one two three four', chunkCount: 4 });
    const stream = await openai.chat.completions.create({
      model: 'local/fake-gpt-4o',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('one two three four');
  });

  it('round-trips a tool call, with the result sent back upstream in order', async () => {
    fake.enqueue({ toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }, { id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' }] });
    const runner = openai.chat.completions.stream({
      model: 'local/fake-gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
      tools: [weatherTool],
    });
    const first = await runner.finalChatCompletion();
    const calls = first.choices[0].message.tool_calls ?? [];
    expect(calls.map((call) => call.type === 'function' && call.function.name)).toEqual(['get_weather', 'get_weather']);
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    fake.enqueue({ text: 'Sunny in both.' });
    const second = await openai.chat.completions.create({
      model: 'local/fake-gpt-4o',
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        first.choices[0].message,
        ...calls.map((call) => ({ role: 'tool' as const, tool_call_id: call.id, content: 'sunny' })),
      ],
    });
    expect(second.choices[0].message.content).toBe('Sunny in both.');
  });
});

describe('Anthropic SDK through Switchyard (translated to Chat)', () => {
  it('answers a message', async () => {
    fake.enqueue({ text: 'Bonjour', usage: { input: 5, output: 1 } });
    const message = await anthropic.messages.create({
      model: 'local/fake-gpt-4o',
      max_tokens: 100,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Say hello in French' }],
    });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Bonjour' });
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(5);
    const sent = fake.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }>; max_tokens: number };
    expect(sent.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(sent.max_tokens).toBe(100);
  });

  it('streams a message', async () => {
    fake.enqueue({ text: 'a b c', chunkCount: 3 });
    const stream = anthropic.messages.stream({ model: 'local/fake-gpt-4o', max_tokens: 50, messages: [{ role: 'user', content: 'letters' }] });
    const final = await stream.finalMessage();
    expect(final.content[0]).toMatchObject({ type: 'text', text: 'a b c' });
  });

  it('round-trips a tool call', async () => {
    fake.enqueue({ toolCalls: [{ id: 'call_w', name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
    const tools = [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];
    const first = await anthropic.messages.stream({ model: 'local/fake-gpt-4o', max_tokens: 100, tools, messages: [{ role: 'user', content: 'Oslo?' }] }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const toolUse = first.content.find((block) => block.type === 'tool_use');
    expect(toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Oslo' } });
    fake.enqueue({ text: 'Cold.' });
    const second = await anthropic.messages.create({
      model: 'local/fake-gpt-4o',
      max_tokens: 100,
      tools,
      messages: [
        { role: 'user', content: 'Oslo?' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse?.type === 'tool_use' ? toolUse.id : '', content: 'minus five' }] },
      ],
    });
    expect(second.content[0]).toMatchObject({ type: 'text', text: 'Cold.' });
    const sent = fake.requests.at(-1)?.body as { messages: Array<{ role: string; tool_call_id?: string }> };
    expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
  });

  it('counts tokens with a local estimate, marked as one', async () => {
    const reply = await request(`${gateway.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'x-api-key': gateway.clientKey, 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'hello world, how are you today?' }] }),
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['x-switchyard-token-count']).toBe('estimate');
    expect(((await reply.body.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(0);
  });

  it('lists models in Anthropic shape when anthropic-version is sent', async () => {
    const page = await anthropic.models.list();
    expect(page.data.map((model) => model.id)).toContain('local/fake-gpt-4o');
  });
});

describe('client disconnect', () => {
  it('aborts the upstream request', async () => {
    fake.enqueueFault({ kind: 'stall', afterChunks: 1 });
    const before = fake.closedRequestCount;
    const controller = new AbortController();
    const stream = await openai.chat.completions.create(
      { model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'long' }], stream: true },
      { signal: controller.signal },
    );
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await fake.waitForClosedRequests(before + 1);
    expect(fake.closedRequestCount).toBe(before + 1);
  });
});

describe('secrets never reach the logs', () => {
  it('greps every log file for the client key, the management key and the upstream token', async () => {
    gateway.switchyard.logs.logger.info({ headers: { authorization: `Bearer ${upstreamKey}`, 'x-api-key': gateway.clientKey } }, `probe ${gateway.managementKey}`);
    gateway.switchyard.logs.flush();
    const directory = join(gateway.home, 'logs');
    const text = readdirSync(directory)
      .map((file) => readFileSync(join(directory, file), 'utf8'))
      .join('\n');
    expect(text).toContain('"request"');
    for (const secret of [upstreamKey, gateway.clientKey, gateway.managementKey]) expect(text).not.toContain(secret);
  });
});
