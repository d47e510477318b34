/**
 * Issue 4: every proxied response and every error says what Switchyard cost and what the upstream
 * cost, as `Server-Timing: switchyard;dur=<ms>, upstream;dur=<ms>`. Real SDK clients, a strict fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeOpenAiCompatible, type FakeOpenAiCompatible } from '../fakes/index.js';
import { openAiCompatibleEnvironment, startSwitchyard, type RunningSwitchyard } from '../helpers/start-switchyard.js';

const timing = /^switchyard;dur=(\d+\.\d{2}), upstream;dur=(\d+\.\d{2})$/;

/** The two durations; fails the test when the header is missing or malformed. */
function durations(headers: Headers | Record<string, string | null | undefined> | undefined): { switchyard: number; upstream: number } {
  const value = headers instanceof Headers ? headers.get('server-timing') : headers?.['server-timing'];
  const match = timing.exec(value ?? '');
  expect(match, `Server-Timing header: ${value}`).not.toBeNull();
  return { switchyard: Number(match?.[1]), upstream: Number(match?.[2]) };
}

let fake: FakeOpenAiCompatible;
let gateway: RunningSwitchyard;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  fake = await startFakeOpenAiCompatible();
  gateway = await startSwitchyard(openAiCompatibleEnvironment([{ name: 'local', baseUrl: `${fake.url}/v1` }]));
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: gateway.clientKey, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: gateway.clientKey, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.stop();
  await fake?.close();
});

describe('Server-Timing on proxied responses', () => {
  it('is on a passthrough JSON reply, with time spent upstream', async () => {
    fake.enqueue({ text: 'hi' });
    const { response } = await openai.chat.completions.create({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'x' }] }).withResponse();
    const { upstream } = durations(response.headers);
    expect(upstream).toBeGreaterThan(0);
  });

  it('is on a passthrough stream', async () => {
    fake.enqueue({ text: 'one two', chunkCount: 2 });
    const { data, response } = await openai.chat.completions
      .create({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true })
      .withResponse();
    durations(response.headers);
    for await (const _chunk of data) void _chunk;
  });

  it('is on a translated JSON reply and a translated stream', async () => {
    fake.enqueue({ text: 'bonjour' }, { text: 'salut', chunkCount: 2 });
    const single = await anthropic.messages.create({ model: 'local/fake-gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).withResponse();
    durations(single.response.headers);
    const streamed = await anthropic.messages
      .create({ model: 'local/fake-gpt-4o', max_tokens: 10, messages: [{ role: 'user', content: 'x' }], stream: true })
      .withResponse();
    durations(streamed.response.headers);
    for await (const _event of streamed.data) void _event;
  });

  it('is on a count_tokens estimate', async () => {
    const { response } = await anthropic.messages.countTokens({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'count me' }] }).withResponse();
    expect(response.headers.get('x-switchyard-token-count')).toBe('estimate');
    expect(durations(response.headers).upstream).toBe(0);
  });
});

describe('Server-Timing on errors', () => {
  it('is on an upstream failure, where the failed attempt counts as upstream time', async () => {
    fake.enqueueFault({ kind: 'status', status: 400, body: { error: { message: 'bad things', type: 'invalid_request_error' } } });
    const error = await openai.chat.completions.create({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(durations((error as InstanceType<typeof OpenAI.APIError>).headers).upstream).toBeGreaterThan(0);
  });

  it('is on errors that never reach an upstream: unknown model, bad body, missing key', async () => {
    const unknown = await anthropic.messages.create({ model: 'nowhere/model', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(Anthropic.APIError);
    expect(durations((unknown as InstanceType<typeof Anthropic.APIError>).headers).upstream).toBe(0);

    // @ts-expect-error messages must be an array: the 400 comes from our own validation
    const invalid = await openai.chat.completions.create({ model: 'local/fake-gpt-4o', messages: 'x' }).catch((caught: unknown) => caught);
    expect((invalid as InstanceType<typeof OpenAI.APIError>).status).toBe(400);
    expect(durations((invalid as InstanceType<typeof OpenAI.APIError>).headers).upstream).toBe(0);

    const anonymous = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'not-the-key', maxRetries: 0 });
    const refused = await anonymous.chat.completions.create({ model: 'local/fake-gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    expect(durations((refused as InstanceType<typeof OpenAI.APIError>).headers).upstream).toBe(0);
  });
});
