/**
 * Issue 6, using a connected ChatGPT account: Codex CLI–shaped passthrough on both routes (body kept but
 * for model, store/stream and refused fields), the Anthropic SDK with tools (what Claude Code does)
 * streaming and not, the OpenAI SDK (Chat and Responses, not streaming, on a stream-only upstream), a
 * Gemini client, a cut stream as an in-band error, quota windows from headers, the stream event and the
 * usage endpoint, 401 -> one refresh, the usage-limit 429, and no token in any file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { codexUsageLimitFault } from '../fakes/index.js';
import { connectChatgptThroughBrowser, startChatgptGateway, storedChatgptCredentials, type ChatgptGateway } from '../helpers/chatgpt-gateway.js';
import { homeFilesText, httpCall, logFilesText } from '../helpers/oauth-gateway.js';

const accountId = 'chatgpt:user@example.com';
const shellTool = {
  type: 'function',
  name: 'shell',
  description: 'Runs a shell command — «exactly» as given',
  strict: false,
  parameters: { type: 'object', properties: { command: { type: 'array', items: { type: 'string' } } }, required: ['command'] },
};

let setup: ChatgptGateway;
let openai: OpenAI;
let anthropic: Anthropic;

beforeAll(async () => {
  setup = await startChatgptGateway();
  await connectChatgptThroughBrowser(setup);
  openai = new OpenAI({ baseURL: `${setup.gateway.url}/v1`, apiKey: setup.gateway.clientKey, maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: setup.gateway.url, apiKey: setup.gateway.clientKey, maxRetries: 0 });
});

afterAll(async () => {
  await setup?.close();
});

function upstreamBody(index = -1): Record<string, unknown> {
  return setup.codex.requests.at(index)?.body as Record<string, unknown>;
}

/** A Codex CLI request (protocols.md §2, §8), spelled with spacing and key order a client might use. */
function codexCliBody(model: string, input: unknown[]): string {
  return `{"model":"${model}","instructions":"You are Codex, a coding agent.",
  "input":${JSON.stringify(input)},
  "tools":[${JSON.stringify(shellTool)}],"tool_choice":"auto","parallel_tool_calls":false,
  "reasoning":{"effort":"medium","summary":"auto"},"store":false,"stream":true,
  "include":["reasoning.encrypted_content"],"prompt_cache_key":"thread-1234","text":{"verbosity":"low"},"score":1.50}`;
}

const codexCliHeaders = (clientKey: string) => ({
  authorization: `Bearer ${clientKey}`,
  originator: 'codex_cli_rs',
  session_id: 'session-abc',
  version: '0.50.0',
  'user-agent': 'codex_cli_rs/0.50.0 (Linux; x86_64)',
  'x-codex-turn-state': 'turn-1',
  accept: 'text/event-stream',
});

function sseEvents(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)) as Record<string, unknown>);
}

describe('Codex CLI (Responses) passes through', () => {
  it('keeps the body byte for byte but for the model, on /v1/responses and the /backend-api/codex mirror', async () => {
    setup.codex.enqueue({ reasoning: { text: 'List the files.' }, toolCalls: [{ name: 'shell', arguments: '{"command":["ls"]}' }] });
    const firstInput = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is here?' }] }];
    const sent = codexCliBody('chatgpt/gpt-5-codex', firstInput);
    const first = await httpCall(`${setup.gateway.url}/v1/responses`, { body: sent, headers: codexCliHeaders(setup.gateway.clientKey) });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toContain('text/event-stream');
    const upstream = setup.codex.requests.at(-1);
    expect(upstream?.path).toBe('/backend-api/codex/responses');
    expect(upstream?.bodyText).toBe(sent.replace('"model":"chatgpt/gpt-5-codex"', '"model":"gpt-5-codex"'));
    const credentials = storedChatgptCredentials(setup);
    expect(upstream?.headers.authorization).toBe(`Bearer ${credentials.accessToken}`);
    expect(upstream?.headers['chatgpt-account-id']).toBe(credentials.accountId);
    expect(upstream?.headers.accept).toBe('text/event-stream');
    expect(upstream?.headers['content-type']).toBe('application/json');
    // Only what the backend requires: nothing of the client's own identity is forwarded or invented.
    for (const header of ['originator', 'session_id', 'version', 'x-codex-turn-state', 'openai-beta']) expect(upstream?.headers[header]).toBeUndefined();
    expect(String(upstream?.headers['user-agent'] ?? '')).not.toContain('codex');

    const events = sseEvents(first.text);
    const completed = events.find((event) => event.type === 'response.completed');
    expect(completed).toBeDefined();
    const output = (completed?.response as { output: Array<Record<string, unknown>> }).output;
    const reasoning = output.find((item) => item.type === 'reasoning');
    const call = output.find((item) => item.type === 'function_call');
    expect(reasoning?.encrypted_content).toEqual(expect.any(String));
    expect(call).toMatchObject({ name: 'shell', arguments: '{"command":["ls"]}' });

    // The next turn replays the reasoning item (encrypted_content) and answers the call, on the mirror route.
    setup.codex.enqueue({ text: 'Two files.' });
    const secondInput = [...firstInput, reasoning, call, { type: 'function_call_output', call_id: call?.call_id, output: 'a.txt\nb.txt' }];
    const secondBody = codexCliBody('gpt-5-codex', secondInput);
    const second = await httpCall(`${setup.gateway.url}/backend-api/codex/responses`, { body: secondBody, headers: codexCliHeaders(setup.gateway.clientKey) });
    expect(second.status).toBe(200);
    expect(setup.codex.requests.at(-1)?.bodyText).toBe(secondBody);
    expect(sseEvents(second.text).filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta).join('')).toBe('Two files.');
  });

  it('forces store:false and stream:true, drops refused fields, and wraps a string input', async () => {
    const sent = '{"model":"gpt-5.4","input":"Hi","store":true,"temperature":0.2,"stream":true,"max_output_tokens":50,"metadata":{"k":"v"}}';
    const reply = await httpCall(`${setup.gateway.url}/v1/responses`, { body: sent, headers: { authorization: `Bearer ${setup.gateway.clientKey}` } });
    expect(reply.status).toBe(200);
    expect(setup.codex.requests.at(-1)?.bodyText).toBe(
      '{"model":"gpt-5.4","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Hi"}]}],"store":false,"stream":true,"metadata":{"k":"v"}}',
    );
  });

  it('answers the OpenAI SDK responses.create without streaming (the upstream streamed)', async () => {
    setup.codex.enqueue({ text: 'Hello from Codex.' });
    const response = await openai.responses.create({ model: 'gpt-5.4', input: 'Hello', instructions: 'Be brief.' });
    expect(response.output_text).toBe('Hello from Codex.');
    expect(response.status).toBe('completed');
    expect(upstreamBody()).toMatchObject({ store: false, stream: true, instructions: 'Be brief.' });
    expect(setup.codex.requests.at(-1)?.headers.accept).toBe('text/event-stream');
  });

  it('lists the ChatGPT catalogue', async () => {
    const models = await openai.models.list();
    expect(models.data.map((model) => model.id)).toEqual(expect.arrayContaining(['gpt-5.4', 'gpt-5-codex']));
  });
});

describe('the Anthropic SDK with tools (what Claude Code does)', () => {
  const tools = [{ name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];

  it('streams thinking, text and a tool call, then takes the tool result with the thinking replayed', async () => {
    setup.codex.enqueue({ reasoning: { text: 'The user wants weather.' }, text: 'Let me check.', toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const stream = anthropic.messages.stream({
      model: 'gpt-5-codex',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      system: 'You are helpful.',
      tools,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const final = await stream.finalMessage();
    expect(final.content.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use']);
    expect(final.content[2]).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });
    expect(final.stop_reason).toBe('tool_use');
    const sent = upstreamBody();
    expect(sent).toMatchObject({ model: 'gpt-5-codex', store: false, stream: true, instructions: '', include: ['reasoning.encrypted_content'] });
    expect(sent.tools).toEqual([expect.objectContaining({ type: 'function', name: 'get_weather' })]);
    for (const field of ['max_output_tokens', 'temperature', 'top_p']) expect(sent).not.toHaveProperty(field);

    const toolUse = final.content[2];
    if (toolUse.type !== 'tool_use') throw new Error('no tool use');
    setup.codex.enqueue({ text: 'Sunny.' });
    const next = await anthropic.messages.create({
      model: 'gpt-5-codex',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      tools,
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: final.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'sunny' }] },
      ],
    });
    expect(next.content).toEqual([expect.objectContaining({ type: 'text', text: 'Sunny.' })]);
    const replayed = (upstreamBody().input as Array<Record<string, unknown>>).map((item) => item.type ?? 'message');
    expect(replayed).toEqual(expect.arrayContaining(['reasoning', 'function_call', 'function_call_output']));
  });

  it('answers without streaming with a tool call', async () => {
    setup.codex.enqueue({ toolCalls: [{ name: 'get_weather', arguments: '{"city":"Oslo"}' }] });
    const message = await anthropic.messages.create({ model: 'gpt-5.4', max_tokens: 1000, tools, messages: [{ role: 'user', content: 'Weather in Oslo?' }] });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'get_weather', input: { city: 'Oslo' } })]);
  });
});

describe('the OpenAI SDK Chat Completions on a stream-only upstream', () => {
  it('answers chat.completions.create without streaming, with tools', async () => {
    setup.codex.enqueue({ reasoning: { text: 'Weather lookup.' }, toolCalls: [{ name: 'get_weather', arguments: '{"city":"Rome"}' }] });
    const completion = await openai.chat.completions.create({
      model: 'gpt-5.4',
      reasoning_effort: 'high',
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Rome?' },
      ],
    });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    const call = completion.choices[0].message.tool_calls?.[0];
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Rome' });
    expect(upstreamBody()).toMatchObject({ stream: true, store: false, reasoning: { effort: 'high' } });
    expect(upstreamBody().input).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'developer' })]));

    setup.codex.enqueue({ text: 'Plain text answer.' });
    const plain = await openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] });
    expect(plain.choices[0].message.content).toBe('Plain text answer.');
    expect(plain.usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('streams too', async () => {
    setup.codex.enqueue({ text: 'Streamed from Codex.', chunkCount: 3 });
    const stream = await openai.chat.completions.create({ model: 'gpt-5.4', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Streamed from Codex.');
  });

  it('serves a Gemini client', async () => {
    setup.codex.enqueue({ text: 'Gemini asked Codex.' });
    const gemini = new GoogleGenAI({ apiKey: setup.gateway.clientKey, httpOptions: { baseUrl: setup.gateway.url } });
    const answer = await gemini.models.generateContent({ model: 'gpt-5.4', contents: 'Hello' });
    expect(answer.text).toBe('Gemini asked Codex.');
  });
});

describe('a stream cut before response.completed', () => {
  it('reaches a Chat client as an in-band error, never a clean end', async () => {
    setup.codex.enqueueFault({ kind: 'cut', afterChunks: 5 });
    const stream = await openai.chat.completions.create({ model: 'gpt-5.4', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(String((failure as Error).message)).toMatch(/broke off|disconnected/);
    expect(text.length).toBeGreaterThan(0);
  });

  it('reaches a Responses client (passthrough) as response.failed, never response.completed', async () => {
    setup.codex.enqueueFault({ kind: 'cut', afterChunks: 5 });
    const input = [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }];
    const reply = await httpCall(`${setup.gateway.url}/v1/responses`, { body: codexCliBody('gpt-5-codex', input), headers: codexCliHeaders(setup.gateway.clientKey) });
    const types = sseEvents(reply.text).map((event) => event.type);
    expect(types).toContain('response.output_text.delta');
    expect(types).not.toContain('response.completed');
    expect(types.at(-1)).toBe('response.failed');
    const failed = sseEvents(reply.text).at(-1) as { response: { error: { message: string } } };
    expect(failed.response.error.message).toMatch(/broke off|disconnected/);
  });

  it('reaches a non-streaming client as an error status', async () => {
    setup.codex.enqueueFault({ kind: 'cut', afterChunks: 5 });
    const failure = await openai.responses.create({ model: 'gpt-5.4', input: 'Hi' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBeGreaterThanOrEqual(400);
  });
});

describe('quota windows', () => {
  it('come from the x-codex-* headers of every answer', async () => {
    const reset = Math.floor(Date.now() / 1000) + 1800;
    setup.codex.setRateLimitHeaders({ 'x-codex-primary-used-percent': '42', 'x-codex-primary-reset-at': String(reset) });
    await openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] });
    const status = await setup.manage('/v1/auth/llmux/chatgpt/status?user_email=user@example.com');
    const [account] = status.json.accounts as Array<{ quota: Array<Record<string, unknown>> }>;
    expect(account.quota[0]).toEqual({ name: '5h', usedFraction: 0.42, status: 'allowed', resetsAt: reset * 1000 });
    expect(account.quota[1]).toMatchObject({ name: '7d', usedFraction: 0.3 });
  });

  it('and from the codex.rate_limits stream event, which comes after the headers', async () => {
    setup.codex.setRateLimitHeaders({ 'x-codex-primary-used-percent': '55' });
    setup.codex.setRateLimitsEvent(true);
    try {
      // The answer's headers say 10 %, its codex.rate_limits event (sent in the stream) says 55 %.
      setup.codex.enqueue({ text: 'Windows.', headers: { 'x-codex-primary-used-percent': '10' } });
      await openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] });
    } finally {
      setup.codex.setRateLimitsEvent(false);
    }
    const [account] = (await setup.manage('/v1/auth/llmux/chatgpt/status')).json.accounts as Array<{ quota: Array<Record<string, unknown>> }>;
    expect(account.quota[0]).toMatchObject({ name: '5h', usedFraction: 0.55 });
  });

  it('and from the usage endpoint when a user asks', async () => {
    setup.codex.setRateLimitHeaders({ 'x-codex-primary-used-percent': '77', 'x-codex-secondary-used-percent': '5' });
    const before = setup.codex.requests.length;
    const result = await setup.gateway.switchyard.operations.invoke('refreshQuota', { accountId });
    expect(result.failures).toEqual([]);
    const usageCall = setup.codex.requests.slice(before).find((request) => request.path === setup.codex.usagePath);
    expect(usageCall?.method).toBe('GET');
    expect(usageCall?.headers['chatgpt-account-id']).toBe(storedChatgptCredentials(setup).accountId);
    expect(result.accounts[0].quota).toEqual([
      expect.objectContaining({ name: '5h', usedFraction: 0.77 }),
      expect.objectContaining({ name: '7d', usedFraction: 0.05 }),
    ]);
    expect(setup.gateway.switchyard.vault.getAccount(accountId)?.quota?.[0]).toMatchObject({ usedFraction: 0.77 });
    setup.codex.setRateLimitHeaders({});
  });
});

describe('upstream answers', () => {
  it('refreshes once on a 401 and retries with the new token', async () => {
    const before = storedChatgptCredentials(setup);
    const refreshes = setup.oauth.refreshCalls().length;
    const requests = setup.codex.requests.length;
    setup.oauth.expireAccessToken(before.accessToken);
    setup.codex.enqueue({ text: 'After refresh.' });
    const completion = await openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.choices[0].message.content).toBe('After refresh.');
    expect(setup.oauth.refreshCalls().length).toBe(refreshes + 1);
    const after = storedChatgptCredentials(setup);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    const [rejected, retried] = setup.codex.requests.slice(requests);
    expect(rejected.headers.authorization).toBe(`Bearer ${before.accessToken}`);
    expect(retried.headers.authorization).toBe(`Bearer ${after.accessToken}`);
  });

  it('cools the account down until the usage limit resets, and says so to every client', async () => {
    const resetsInSeconds = 5400;
    const fault = codexUsageLimitFault({ resetsInSeconds });
    const resetsAt = (fault as { body: { error: { resets_at: number } } }).body.error.resets_at * 1000;
    setup.codex.enqueueFault(fault);
    const failure = await openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    const error = failure as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(429);
    expect(error.error).toMatchObject({ type: 'usage_limit_reached' });
    const retryAfter = Number(error.headers?.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(resetsInSeconds - 5);
    expect(retryAfter).toBeLessThanOrEqual(resetsInSeconds);

    // Routing cools the account until exactly the reset OpenAI stated.
    expect(setup.gateway.switchyard.cooldowns.get(accountId)?.until).toBe(resetsAt);
    const { providers } = await setup.gateway.switchyard.operations.invoke('listProviders', {});
    const account = providers.flatMap((provider) => provider.accounts).find((candidate) => candidate.id === accountId);
    expect(account).toMatchObject({ status: 'cooling-down', cooldownUntil: resetsAt });

    // While it cools, no request reaches the backend; an Anthropic client gets the 429 in its own format.
    const requests = setup.codex.requests.length;
    const cooling = await anthropic.messages.create({ model: 'gpt-5.4', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((caught: unknown) => caught);
    expect(cooling).toBeInstanceOf(Anthropic.APIError);
    expect((cooling as InstanceType<typeof Anthropic.APIError>).status).toBe(429);
    expect(Number((cooling as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after'))).toBeGreaterThan(resetsInSeconds - 10);
    expect(setup.codex.requests.length).toBe(requests);

    await setup.gateway.switchyard.operations.invoke('resetCooldown', { accountId });
    const again = await openai.chat.completions.create({ model: 'gpt-5.4', messages: [{ role: 'user', content: 'Hi' }] });
    expect(again.choices[0].message.content).toBe('Hello from the fake upstream.');
  });
});

describe('secrets', () => {
  it('never writes an access, refresh or id token, code or verifier to the logs or any file in clear', async () => {
    const logText = logFilesText(setup.gateway);
    const everything = homeFilesText(setup.gateway);
    expect(logText).toContain('chatgpt account connected');
    expect(logText).toContain('"providerId":"chatgpt"');
    const { idToken } = storedChatgptCredentials(setup);
    const secrets = [...setup.oauth.issuedRefreshTokens(), ...setup.oauth.issuedAccessTokens(), idToken];
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    for (const secret of secrets) {
      expect(logText).not.toContain(secret);
      expect(everything).not.toContain(secret);
    }
    for (const call of setup.oauth.tokenCalls) {
      for (const field of ['code', 'code_verifier']) if (call.body[field]) expect(logText).not.toContain(call.body[field]);
    }
  });
});
