/**
 * Responses caps tool names at 64 characters. Clients of every other format may use longer names
 * (MCP tools: `mcp__<server>__<tool>`): the Responses upstream sees short names, the client sees its own
 * names in the reply, and its next turn (the long name in history) is accepted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormatId } from '../../electron/core/canonical/format-id.js';
import { maxToolNameLength, shortenToolNames } from '../../electron/core/formats/openai-responses/openai-responses-tool-names.js';
import { asArray, asRecord, emptyOutcome, type TurnOutcome, type WeatherTool } from './conformance/client-driver.js';
import { formatLabels, startHarness, type Harness } from './conformance/conformance-harness.js';

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

const longName = `mcp__${'weather_service_'.repeat(4)}__get_current_weather`;
const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
const longTool: WeatherTool = { name: longName, description: 'Weather from an MCP server', parameters };

function sentToolNames(): string[] {
  return asArray(asRecord(harness.fake('openai-responses').requests.at(-1)?.body).tools).map((tool) => String(asRecord(tool).name));
}

const clients: FormatId[] = ['openai-chat', 'anthropic-messages', 'gemini'];

describe.each(clients.map((client) => ({ client, label: formatLabels[client] })))('$label client -> responses upstream', ({ client }) => {
  it('shortens a long tool name upstream and gives the client its own name back, over two turns', async () => {
    expect(longName.length).toBeGreaterThan(maxToolNameLength);
    const short = shortenToolNames([longName]).get(longName) ?? '';
    const codex = harness.fakes.responses;
    codex.enqueue({ toolCalls: [{ name: short, arguments: '{"city":"Oslo"}' }] });
    const driver = harness.client(client);
    const turn = { model: harness.model('openai-responses'), prompt: 'Weather in Oslo?', tools: [longTool], stream: true };
    const first = await driver.send(turn);
    expect(first.error, first.raw).toBeUndefined();
    expect(sentToolNames()).toEqual([short]);
    expect(first.toolCalls.map((call) => call.name)).toEqual([longName]);

    codex.enqueue({ text: 'Cold in Oslo.' });
    const second = await driver.send({ ...turn, stream: false, previous: { outcome: first, results: ['-3 C'] } });
    expect(second.error, second.raw).toBeUndefined();
    expect(second.text).toBe('Cold in Oslo.');
    const items = asArray(asRecord(codex.requests.at(-1)?.body).input).map(asRecord);
    expect(items.find((item) => item.type === 'function_call')?.name).toBe(short);
  });
});

describe('a long tool name whose short form a history-only tool already holds', () => {
  it('maps the reply back with the same list the request was built from', async () => {
    // `mcp__get_current_weather` was a tool in an earlier turn; the long name must shorten around it.
    const earlier = 'mcp__get_current_weather';
    const shortened = shortenToolNames([longName, earlier]);
    expect(shortened.get(longName)).not.toBe(earlier);
    const codex = harness.fakes.responses;
    codex.enqueue({ toolCalls: [{ name: shortened.get(longName) ?? '', arguments: '{"city":"Oslo"}' }] });
    const chat = harness.client('openai-chat');
    const earlierTurn: TurnOutcome = {
      ...emptyOutcome(200, ''),
      toolCalls: [{ id: 'call_earlier', name: earlier, arguments: { city: 'Bergen' } }],
      stop: 'tool',
      cleanEnd: true,
      assistantTurn: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_earlier', type: 'function', function: { name: earlier, arguments: '{"city":"Bergen"}' } }],
      },
    };
    const history = { outcome: earlierTurn, results: ['rainy'] };
    const reply = await chat.send({ model: harness.model('openai-responses'), prompt: 'And Oslo?', tools: [longTool], stream: true, previous: history });
    expect(reply.error, reply.raw).toBeUndefined();
    expect(reply.toolCalls.map((call) => call.name)).toEqual([longName]);
  });
});
