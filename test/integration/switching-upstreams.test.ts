/**
 * A user switches model mid-conversation: turn 1 is served by an upstream of another format (so the
 * client holds `sy:`-wrapped reasoning proofs, or reasoning with no proof at all), turn 2 goes to an
 * upstream of the client's own format by passthrough. The strict fake must accept the replayed history:
 * nothing we minted for the client reaches it, while its own tool pairing stays intact.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormatId } from '../../electron/core/canonical/format-id.js';
import { formatLabels, issuedProofs, matrixFormats, replayedProofs, startHarness, type Harness } from './conformance/conformance-harness.js';
import { weatherTool } from './conformance/conformance-scenarios.js';

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

const pairs = matrixFormats.flatMap((client) =>
  matrixFormats.filter((first) => first !== client).map((first) => ({ client, first, clientLabel: formatLabels[client], firstLabel: formatLabels[first] })),
);

describe.each(pairs)('$clientLabel client: turn 1 on $firstLabel, turn 2 on its own format', ({ client, first }: { client: FormatId; first: FormatId }) => {
  it('replays a history the own-format upstream accepts', async () => {
    const driver = harness.client(client);
    harness.fake(first).enqueue({
      reasoning: { text: 'Weather lookup needed.' },
      text: 'Let me check.',
      toolCalls: [{ name: 'get_weather', arguments: '{"city":"Lisbon"}' }],
    });
    const turn = { prompt: 'Weather in Lisbon?', tools: [weatherTool], reasoning: true, stream: true };
    const one = await driver.send({ ...turn, model: harness.model(first) });
    expect(one.error, one.raw).toBeUndefined();
    expect(one.toolCalls).toHaveLength(1);

    const own = harness.fake(client);
    own.enqueue({ text: 'Sunny in Lisbon.' });
    const two = await driver.send({ ...turn, model: harness.model(client), previous: { outcome: one, results: ['sunny'] } });
    expect(two.error, two.raw).toBeUndefined();
    expect(two.text).toBe('Sunny in Lisbon.');

    const sent = own.requests.at(-1);
    expect(sent?.bodyText).not.toContain('"sy:');
    const issued = issuedProofs(harness, client);
    for (const proof of replayedProofs(client, sent)) expect(issued.has(proof), `replayed ${proof}`).toBe(true);
  });
});
