/**
 * Issue 3's conformance matrix: every client format (Chat, Responses, Messages, Gemini) against every
 * upstream format, through the real server to strict fakes, on the plain wire. Each cell runs the
 * scenarios of conformance/conformance-scenarios.ts; the table is printed at the end and must be all green.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormatId } from '../../electron/core/canonical/format-id.js';
import { formatLabels, matrixFormats, startHarness, type Harness } from './conformance/conformance-harness.js';
import { scenarioLegend, scenarioNames, scenarios, type ScenarioName } from './conformance/conformance-scenarios.js';

let harness: Harness;
const passed = new Map<string, Set<ScenarioName>>();
const cellKey = (client: FormatId, upstream: FormatId) => `${client}>${upstream}`;

beforeAll(async () => {
  harness = await startHarness();
});

// A reply left queued by a failed scenario must not leak into the next one.
beforeEach(() => {
  for (const fake of Object.values(harness.fakes)) fake.reset();
});

afterAll(async () => {
  console.log(renderMatrix());
  await harness?.stop();
  for (const fake of Object.values(harness?.fakes ?? {})) expect(fake.errors, 'a fake threw').toEqual([]);
});

function renderMatrix(): string {
  const width = 14;
  const pad = (text: string) => text.padEnd(width);
  const lines = [
    '',
    'Conformance matrix (rows: client format, columns: upstream format)',
    pad('client \\ up') + matrixFormats.map((format) => pad(formatLabels[format])).join(''),
  ];
  for (const client of matrixFormats) {
    const cells = matrixFormats.map((upstream) => {
      const count = passed.get(cellKey(client, upstream))?.size ?? 0;
      const mark = count === scenarioNames.length ? '✓' : '✗';
      const kind = client === upstream ? ' pass' : '';
      return pad(`${mark} ${count}/${scenarioNames.length}${kind}`);
    });
    lines.push(pad(formatLabels[client]) + cells.join(''));
  }
  lines.push('Scenarios per cell:');
  for (const name of scenarioNames) lines.push(`  ${name.padEnd(10)} ${scenarioLegend[name]}`);
  lines.push('("pass": same format both sides, served by passthrough)');
  return lines.join('\n');
}

for (const client of matrixFormats) {
  for (const upstream of matrixFormats) {
    describe(`${formatLabels[client]} client -> ${formatLabels[upstream]} upstream`, () => {
      for (const name of scenarioNames) {
        it(name, async () => {
          await scenarios[name]({ harness, client, upstream });
          const key = cellKey(client, upstream);
          passed.set(key, (passed.get(key) ?? new Set()).add(name));
        });
      }
    });
  }
}

describe('the matrix', () => {
  it('is green in every cell', () => {
    const red = matrixFormats.flatMap((client) =>
      matrixFormats
        .filter((upstream) => (passed.get(cellKey(client, upstream))?.size ?? 0) !== scenarioNames.length)
        .map((upstream) => `${formatLabels[client]} -> ${formatLabels[upstream]}`),
    );
    expect(red).toEqual([]);
  });
});
