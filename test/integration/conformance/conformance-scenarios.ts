/**
 * The scenarios of one matrix cell (client format x upstream format), each asserting on the client's
 * own wire and on what the strict fake accepted. A scenario throws (an expect failure) when the cell breaks.
 */
import { expect } from 'vitest';
import type { FormatId } from '../../../electron/core/canonical/format-id.js';
import type { FakeReply } from '../../fakes/index.js';
import type { TurnOutcome, WeatherTool } from './client-driver.js';
import { issuedProofs, replayedProofs, sentImages, type Harness } from './conformance-harness.js';

export const scenarioNames = ['text', 'stream', 'images', 'tools', 'reasoning', 'usage', 'stop', 'error', 'cut'] as const;
export type ScenarioName = (typeof scenarioNames)[number];

export const scenarioLegend: Record<ScenarioName, string> = {
  text: 'plain text, non-stream',
  stream: 'streaming text with a clean terminator',
  images: 'an inline (base64) and an http image, each in the upstream\'s own shape',
  tools: 'two parallel tool calls, results sent back on turn 2 and accepted',
  reasoning: 'reasoning with a signature over two turns (replayed intact, or dropped where the client cannot carry it)',
  usage: 'usage (prompt incl. cached, output, cached) non-stream and stream',
  stop: 'stop reasons: max tokens -> the client\'s "length", stream and non-stream',
  error: 'an error mid-stream: in-band in the client\'s format, no clean terminator',
  cut: 'the upstream connection cut mid-stream: an in-band error, never a clean end',
};

const fakeUsage = { input: 12, output: 7, cached: 4 };
const clientUsage = { input: 16, output: 7, cached: 4 };

export const weatherTool: WeatherTool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

interface Cell {
  harness: Harness;
  client: FormatId;
  upstream: FormatId;
}

function enqueue(cell: Cell, ...replies: FakeReply[]): void {
  cell.harness.fake(cell.upstream).enqueue(...replies);
}

function send(cell: Cell, turn: Omit<Parameters<ReturnType<Harness['client']>['send']>[0], 'model'>): Promise<TurnOutcome> {
  return cell.harness.client(cell.client).send({ model: cell.harness.model(cell.upstream), ...turn });
}

/** Fails with the client's raw answer, so a red cell says what went over the wire. */
function expectOk(outcome: TurnOutcome): void {
  expect(outcome.error, outcome.raw.slice(0, 2_000)).toBeUndefined();
  expect(outcome.status, outcome.raw.slice(0, 2_000)).toBe(200);
}

async function text(cell: Cell): Promise<void> {
  enqueue(cell, { text: 'Plain answer from upstream.' });
  const outcome = await send(cell, { prompt: 'Say something plain.', system: 'Be brief.', stream: false });
  expectOk(outcome);
  expect(outcome.text).toBe('Plain answer from upstream.');
  expect(outcome.stop).toBe('stop');
}

async function stream(cell: Cell): Promise<void> {
  enqueue(cell, { text: 'one two three four five' });
  const outcome = await send(cell, { prompt: 'Count to five.', stream: true });
  expectOk(outcome);
  expect(outcome.text).toBe('one two three four five');
  expect(outcome.stop).toBe('stop');
  expect(outcome.cleanEnd).toBe(true);
}

/** A 1x1 PNG. */
const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function images(cell: Cell): Promise<void> {
  enqueue(cell, { text: 'A pixel and a cat.' });
  const outcome = await send(cell, {
    prompt: 'What is in these images?',
    images: [
      { mediaType: 'image/png', data: pixel },
      { mediaType: 'image/png', url: 'https://example.com/cat.png' },
    ],
    stream: false,
  });
  expectOk(outcome);
  expect(outcome.text).toBe('A pixel and a cat.');
  expect(sentImages(cell.upstream, cell.harness.fake(cell.upstream).requests.at(-1))).toEqual([
    { mediaType: 'image/png', data: pixel },
    { url: 'https://example.com/cat.png' },
  ]);
}

async function tools(cell: Cell): Promise<void> {
  enqueue(cell, {
    text: 'Checking both.',
    toolCalls: [
      { name: 'get_weather', arguments: '{"city":"Paris"}' },
      { name: 'get_weather', arguments: '{"city":"Rome"}' },
    ],
  });
  const first = await send(cell, { prompt: 'Weather in Paris and Rome?', tools: [weatherTool], stream: true });
  expectOk(first);
  expect(first.stop).toBe('tool');
  expect(first.toolCalls.map((call) => [call.name, call.arguments])).toEqual([
    ['get_weather', { city: 'Paris' }],
    ['get_weather', { city: 'Rome' }],
  ]);
  const [paris, rome] = first.toolCalls;
  // Gemini's own wire may leave call ids out; every other path has (or mints) distinct ids.
  if (cell.client !== 'gemini' || cell.upstream !== 'gemini') {
    expect(paris.id).not.toBe('');
    expect(paris.id).not.toBe(rome.id);
  }

  enqueue(cell, { text: 'Paris is sunny, Rome is rainy.' });
  const second = await send(cell, {
    prompt: 'Weather in Paris and Rome?',
    tools: [weatherTool],
    stream: false,
    previous: { outcome: first, results: ['sunny in Paris', 'rainy in Rome'] },
  });
  expectOk(second);
  expect(second.text).toBe('Paris is sunny, Rome is rainy.');
  // The strict fake accepted the pairing; the results also arrived in the order of the calls.
  const sent = cell.harness.fake(cell.upstream).requests.at(-1)?.bodyText ?? '';
  expect(sent.indexOf('sunny in Paris')).toBeGreaterThan(-1);
  expect(sent.indexOf('sunny in Paris')).toBeLessThan(sent.indexOf('rainy in Rome'));
}

async function reasoning(cell: Cell): Promise<void> {
  enqueue(cell, {
    reasoning: { text: 'The user wants the weather in Paris.' },
    text: 'Let me check.',
    toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }],
  });
  const first = await send(cell, { prompt: 'Weather in Paris?', tools: [weatherTool], reasoning: true, stream: true });
  expectOk(first);
  expect(first.reasoning).toBe('The user wants the weather in Paris.');
  expect(first.toolCalls).toHaveLength(1);
  const signs = cell.upstream !== 'openai-chat';
  if (signs && cell.client !== 'openai-chat') expect(first.reasoningProofs.length).toBeGreaterThan(0);

  enqueue(cell, { text: 'It is sunny.' });
  const second = await send(cell, {
    prompt: 'Weather in Paris?',
    tools: [weatherTool],
    reasoning: true,
    stream: true,
    previous: { outcome: first, results: ['sunny'] },
  });
  expectOk(second);
  expect(second.text).toBe('It is sunny.');
  const replayed = replayedProofs(cell.upstream, cell.harness.fake(cell.upstream).requests.at(-1));
  const issued = issuedProofs(cell.harness, cell.upstream);
  // Whatever reached the upstream is a proof that upstream minted; nothing foreign is ever sent.
  for (const proof of replayed) expect(issued.has(proof), `replayed ${proof}`).toBe(true);
  if (signs && cell.client !== 'openai-chat') expect(replayed.length, 'the signature came back').toBeGreaterThan(0);
  // Chat has no field for a signature: the thinking block is dropped, and the fake still accepts.
  if (cell.client === 'openai-chat') expect(replayed).toEqual([]);
}

async function usage(cell: Cell): Promise<void> {
  enqueue(cell, { text: 'Counted.', usage: fakeUsage }, { text: 'Counted again.', usage: fakeUsage });
  const whole = await send(cell, { prompt: 'Count my tokens.', stream: false });
  expectOk(whole);
  expect(whole.usage).toEqual(clientUsage);
  const streamed = await send(cell, { prompt: 'Count my tokens.', stream: true });
  expectOk(streamed);
  expect(streamed.usage).toEqual(clientUsage);
}

async function stop(cell: Cell): Promise<void> {
  enqueue(cell, { text: 'This answer was cut', finish: 'length' }, { text: 'This answer was cut', finish: 'length' });
  const streamed = await send(cell, { prompt: 'Write a long essay.', stream: true });
  expectOk(streamed);
  expect(streamed.stop).toBe('length');
  expect(streamed.cleanEnd).toBe(true);
  const whole = await send(cell, { prompt: 'Write a long essay.', stream: false });
  expectOk(whole);
  expect(whole.stop).toBe('length');
}

/** How many times the client's stream announced a response: a second start would be a second response to it. */
function startEvents(cell: Cell, raw: string): number {
  const marker = cell.client === 'openai-responses' ? '"type":"response.created"' : cell.client === 'anthropic-messages' ? 'event: message_start' : undefined;
  return marker === undefined ? 1 : raw.split(marker).length - 1;
}

async function error(cell: Cell): Promise<void> {
  enqueue(cell, { text: 'Partial answer', midStreamError: { type: 'overloaded_error', message: 'Upstream overloaded mid-stream' } });
  const outcome = await send(cell, { prompt: 'Tell me a story.', stream: true });
  expect(outcome.status).toBe(200);
  expect(outcome.text).toContain('Partial');
  expect(outcome.error, outcome.raw).toBeDefined();
  expect(outcome.error?.message).toContain('Upstream overloaded mid-stream');
  expect(outcome.cleanEnd, outcome.raw).toBe(false);
  expect(startEvents(cell, outcome.raw), outcome.raw).toBe(1);
}

async function cut(cell: Cell): Promise<void> {
  const fake = cell.harness.fake(cell.upstream);
  fake.enqueue({ text: 'one two three four five six seven eight' });
  fake.enqueueFault({ kind: 'cut', afterChunks: 4 });
  const outcome = await send(cell, { prompt: 'Count slowly.', stream: true });
  expect(outcome.status).toBe(200);
  expect(outcome.text.length).toBeGreaterThan(0);
  expect(outcome.error, outcome.raw).toBeDefined();
  expect(outcome.cleanEnd, outcome.raw).toBe(false);
  expect(startEvents(cell, outcome.raw), outcome.raw).toBe(1);
}

export const scenarios: Record<ScenarioName, (cell: Cell) => Promise<void>> = { text, stream, images, tools, reasoning, usage, stop, error, cut };
