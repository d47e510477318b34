/**
 * Passthrough for every same-format pair: the upstream gets the client's body byte for byte except the
 * model, the client gets the upstream's stream unchanged, and usage is still read from it on the side.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormatId } from '../../electron/core/canonical/format-id.js';
import type { RequestRecord } from '../../electron/core/server/request-record.js';
import type { FakeReply } from '../fakes/index.js';
import { send } from '../fakes/fake-test-helpers.js';
import { fakeUpstreamTarget } from '../helpers/format-test-provider.js';
import { geminiKey, startHarness, upstreamModels, type Harness } from './conformance/conformance-harness.js';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.stop();
});
beforeEach(() => {
  for (const fake of Object.values(harness.fakes)) fake.reset();
});

interface PassthroughCase {
  format: FormatId;
  path(model: string, stream: boolean): string;
  headers(key: string): Record<string, string>;
  /** The client's body as text: odd spacing, key order, number spellings and unknown fields on purpose. */
  body(model: string, stream: boolean): string;
  /** Gemini names the model in the URL, so its body has none to rewrite. */
  modelInBody: boolean;
  nonStream: boolean;
}

const cases: PassthroughCase[] = [
  {
    format: 'openai-chat',
    path: () => '/v1/chat/completions',
    headers: (key) => ({ authorization: `Bearer ${key}` }),
    body: (model, stream) =>
      `{"messages":[{"role":"user","content":"H\\u00e9llo"}] ,  "model" : "${model}", "temperature":1.50,` +
      `"x_probe":{"keep":[1e3,"\\u00e9",null]}${stream ? ',"stream":true,"stream_options":{"include_usage":true}' : ''}}`,
    modelInBody: true,
    nonStream: true,
  },
  {
    format: 'anthropic-messages',
    path: () => '/v1/messages',
    headers: (key) => ({ 'x-api-key': key, 'anthropic-version': '2023-06-01' }),
    body: (model, stream) =>
      `{ "max_tokens": 1024.0, "model":"${model}", "system":[{"type":"text","text":"Be brief.","cache_control":{"type":"ephemeral"}}],` +
      `"messages":[{"role":"user","content":[{"type":"text","text":"Hi","cache_control":{"type":"ephemeral","ttl":"1h"}}]}],` +
      `"context_management":{"edits":[]},"stream":${stream}}`,
    modelInBody: true,
    nonStream: true,
  },
  {
    // Codex CLI style: already store:false and stream:true, so nothing but the model changes.
    format: 'openai-responses',
    path: () => '/v1/responses',
    headers: (key) => ({ authorization: `Bearer ${key}` }),
    body: (model) =>
      `{"model":"${model}","instructions":"","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}],` +
      `"tools":[],"tool_choice":"auto","parallel_tool_calls":true,"reasoning":{"effort":"medium","summary":"auto"},` +
      `"store":false,"stream":true,"include":["reasoning.encrypted_content"],"prompt_cache_key":"thread-1","x_probe":[1.50]}`,
    modelInBody: true,
    nonStream: false,
  },
  {
    format: 'gemini',
    path: (model, stream) => `/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
    headers: (key) => ({ 'x-goog-api-key': key }),
    body: () =>
      `{"contents":[{"role":"user","parts":[{"text":"Hi"}]}], "safetySettings":[{"category":"HARM_CATEGORY_HARASSMENT","threshold":"BLOCK_NONE"}],` +
      `"generationConfig":{"temperature":0.50,"thinkingConfig":{"thinkingLevel":"low"}},"x_probe":{}}`,
    modelInBody: false,
    nonStream: true,
  },
];

const reply = (format: FormatId): FakeReply => ({
  text: 'Passthrough keeps every byte.',
  toolCalls: [{ id: format === 'anthropic-messages' ? 'toolu_pt_1' : 'call_pt_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }],
  usage: { input: 12, output: 7, cached: 4 },
});

/** Per-answer counters in the fakes' ids (msg_fake_3, chatcmpl-fake-7...) differ between two calls. */
const normalize = (text: string) => text.replace(/(fake[-_a-z]*?[-_])\d[\d_-]*/g, '$1N');

function nextRecord(): Promise<RequestRecord> {
  return new Promise((resolve) => {
    const stop = harness.gateway.switchyard.onRequestRecord((record) => {
      stop();
      resolve(record);
    });
  });
}

describe.each(cases)('$format client -> $format upstream (passthrough)', (testCase) => {
  const clientModel = () => harness.model(testCase.format);
  const upstreamModel = upstreamModels[testCase.format];
  const expectedUpstreamBody = (stream: boolean) => {
    const client = testCase.body(clientModel(), stream);
    return testCase.modelInBody ? client.replace(`"${clientModel()}"`, `"${upstreamModel}"`) : client;
  };

  it('streams: the body arrives byte for byte but the model, the stream comes back unchanged, usage is read', async () => {
    const fake = harness.fake(testCase.format);
    // What the fake answers when called directly with the body Switchyard should send.
    fake.enqueue(reply(testCase.format));
    const target = fakeUpstreamTarget(
      { format: testCase.format, baseUrl: fake.url, geminiApiKey: geminiKey },
      { operation: 'generate', stream: true, upstreamModel },
    );
    const direct = await send(target.url, { body: expectedUpstreamBody(true), headers: target.headers });
    expect(direct.status, direct.text).toBe(200);

    fake.enqueue(reply(testCase.format));
    const recorded = nextRecord();
    const through = await send(`${harness.gateway.url}${testCase.path(clientModel(), true)}`, {
      body: testCase.body(clientModel(), true),
      headers: testCase.headers(harness.gateway.clientKey),
    });
    expect(through.status, through.text).toBe(200);
    expect(fake.requests.at(-1)?.bodyText).toBe(expectedUpstreamBody(true));
    expect(normalize(through.text)).toBe(normalize(direct.text));

    const record = await recorded;
    expect(record).toMatchObject({ passthrough: true, status: 200, stream: true });
    expect(record.usage).toMatchObject({ inputTokens: 16, outputTokens: 7, cachedInputTokens: 4 });
    expect(record.usage?.estimated).toBeUndefined();
  });

  // Codex only streams: a non-streamed Responses body cannot pass through unchanged.
  if (testCase.nonStream) it('answers a non-streamed request verbatim and reads its usage', async () => {
    const fake = harness.fake(testCase.format);
    fake.enqueue(reply(testCase.format));
    const recorded = nextRecord();
    const through = await send(`${harness.gateway.url}${testCase.path(clientModel(), false)}`, {
      body: testCase.body(clientModel(), false),
      headers: testCase.headers(harness.gateway.clientKey),
    });
    expect(through.status, through.text).toBe(200);
    expect(fake.requests.at(-1)?.bodyText).toBe(expectedUpstreamBody(false));
    expect(through.text).toContain('Passthrough keeps every byte.');
    const record = await recorded;
    expect(record).toMatchObject({ passthrough: true, status: 200, stream: false });
    expect(record.usage).toMatchObject({ inputTokens: 16, outputTokens: 7, cachedInputTokens: 4 });
  });
});
