/**
 * `npm run bench -- --quick` end to end: the upstream, the reference proxy and `switchyard serve` as
 * processes, a few hundred requests, and the report's shape. Speed belongs to the benchmark itself,
 * so nothing here looks at a timing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { proxyTargets, targets, type BenchReport, type Range } from './bench-report.js';
import { repositoryRoot } from './bench-processes.js';

const out = mkdtempSync(join(tmpdir(), 'switchyard-bench-smoke-'));

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A figure: median and range, numbers (or null where JSON had to write NaN, e.g. no CPU reading). */
function expectRange(value: Range | undefined, label: string): void {
  expect(value, label).toBeDefined();
  for (const key of ['median', 'min', 'max'] as const) {
    const number = value?.[key];
    expect(number === null || typeof number === 'number', `${label}.${key}`).toBe(true);
  }
}

describe('npm run bench -- --quick', () => {
  it('runs direct, reference and Switchyard and reports every figure and target', { timeout: 180_000 }, async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(repositoryRoot, 'bench', 'run-bench.ts'), '--quick', '--no-pin', '--out', out],
      { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 },
    );
    const lines = stdout.trim().split('\n');
    const report = JSON.parse(lines.at(-1) ?? '') as BenchReport;
    expect(stdout).toContain('targets (ratios of medians from this run):');

    expect(report.benchmark).toBe('switchyard');
    expect(report.run).toMatchObject({ quick: true, rounds: 1 });
    for (const target of targets) {
      expectRange(report.latencyMs[target].p50, `latency ${target} p50`);
      expectRange(report.latencyMs[target].p99, `latency ${target} p99`);
      expectRange(report.throughput[target].requestsPerSecond, `throughput ${target}`);
      expectRange(report.throughput[target].ratioToReference, `throughput ratio ${target}`);
    }
    for (const target of proxyTargets) {
      expectRange(report.addedLatencyMs[target].p50, `added latency ${target}`);
      expectRange(report.ttfbAddedMs.concurrency1[target], `ttfb c=1 ${target}`);
      expectRange(report.ttfbAddedMs.concurrency32[target], `ttfb c=32 ${target}`);
      expectRange(report.memory[target].rssPerStreamKiB, `rss per stream ${target}`);
      expectRange(report.memory[target].heapGrowthPercent, `heap growth ${target}`);
    }
    for (const figure of Object.values(report.translatedChunksPerSecond)) expectRange(figure, 'translated chunks');
    expect(report.targets.length).toBeGreaterThanOrEqual(16);
    for (const check of report.targets) {
      expect(typeof check.name).toBe('string');
      expect(['<=', '>=']).toContain(check.comparison);
      expect(typeof check.met).toBe('boolean');
    }

    const written = readdirSync(out);
    const json = written.find((name) => name.endsWith('.json'));
    expect(written.some((name) => name.endsWith('.txt'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, json ?? ''), 'utf8'))).toEqual(report);
  });
});
