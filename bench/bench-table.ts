/** The report as a plain-text table: each cell is `median (min–max)` over the rounds. */
import { proxyTargets, targets, type BenchReport, type Range, type Target } from './bench-report.js';

function number(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cell(value: Range | undefined, digits: number): string {
  if (!value || !Number.isFinite(value.median)) return '-';
  if (value.min === value.max) return number(value.median, digits);
  return `${number(value.median, digits)} (${number(value.min, digits)}–${number(value.max, digits)})`;
}

const headers: Record<Target, string> = { direct: 'direct', reference: 'reference proxy', passthrough: 'Switchyard passthrough', translated: 'Switchyard translated' };

export function renderTable(report: BenchReport): string {
  const { run } = report;
  const rows: string[][] = [['figure', ...targets.map((target) => headers[target])]];
  const row = (label: string, values: Partial<Record<Target, Range>>, digits: number) =>
    rows.push([label, ...targets.map((target) => cell(values[target], digits))]);
  const perTarget = <Value>(pick: (target: Target) => Value | undefined) =>
    Object.fromEntries(targets.map((target) => [target, pick(target)])) as Partial<Record<Target, Value>>;
  const perProxy = <Value>(pick: (target: (typeof proxyTargets)[number]) => Value) =>
    Object.fromEntries(proxyTargets.map((target) => [target, pick(target)])) as Partial<Record<Target, Value>>;

  row('latency p50, ms', perTarget((target) => report.latencyMs[target].p50), 3);
  row('latency p99, ms', perTarget((target) => report.latencyMs[target].p99), 3);
  row('added latency p50, ms', perProxy((target) => report.addedLatencyMs[target].p50), 3);
  row('added latency p99, ms', perProxy((target) => report.addedLatencyMs[target].p99), 3);
  row('requests/s @64 conns', perTarget((target) => report.throughput[target].requestsPerSecond), 0);
  row('  ratio to direct', perTarget((target) => report.throughput[target].ratioToDirect), 2);
  row('  ratio to reference', perTarget((target) => report.throughput[target].ratioToReference), 2);
  row('  CPU µs per request (upstream for direct)', perTarget((target) => report.throughput[target].cpuMicrosPerRequest), 0);
  row('  CPU % of proxy (core 0)', perTarget((target) => (target === 'direct' ? undefined : report.throughput[target].proxyCpuPercent)), 0);
  row('  CPU % upstream+load (core 1)', perTarget((target) => report.throughput[target].loadCorePercent), 0);
  row('stream first event added c=1, ms', perProxy((target) => report.ttfbAddedMs.concurrency1[target]), 3);
  row('stream first event added c=32, ms', perProxy((target) => report.ttfbAddedMs.concurrency32[target]), 3);
  row(`RSS per open stream (${run.heldStreams} held), KiB`, perProxy((target) => report.memory[target].rssPerStreamKiB), 1);
  row('heapUsed per open stream (GC), KiB', perProxy((target) => report.memory[target].heapPerStreamKiB), 1);
  row('RSS with streams held, MiB', perProxy((target) => report.memory[target].rssHeldMiB), 1);
  row('RSS 5 s after they close, MiB', perProxy((target) => report.memory[target].rssAfterMiB), 1);
  row('heapUsed before a 2nd load (GC), MiB', perProxy((target) => report.memory[target].heapBeforeMiB), 2);
  row('heapUsed after it closed (GC), MiB', perProxy((target) => report.memory[target].heapAfterMiB), 2);

  const widths = rows[0].map((_, column) => Math.max(...rows.map((line) => line[column].length)));
  const format = (line: string[]) => line.map((text, column) => (column === 0 ? text.padEnd(widths[column]) : text.padStart(widths[column]))).join('  ');
  const chunks = report.translatedChunksPerSecond;
  const pinning = run.pinned ? 'proxy on core 0, upstream + load generator on core 1' : 'not pinned (no taskset or one core)';
  const lines = [
    `Switchyard benchmark, ${run.startedAt}: ${run.rounds} round(s)${run.quick ? ' (quick)' : ''}, ${pinning}`,
    `node ${run.node}, ${run.cpu}, load average ${run.loadAverage.join(' ')}; Switchyard log level ${run.logLevel}`,
    `${run.latencyRequests} sequential requests, ${run.ttfbRequests} streams per TTFB figure, throughput runs of ${run.throughputRun}, upstream streams of ${run.upstreamChunks} deltas`,
    '',
    format(rows[0]),
    format(rows[0].map((_, column) => '-'.repeat(widths[column]))),
    ...rows.slice(1).map(format),
    '',
    `translated stream chunks/s on one core: Chat -> Anthropic ${cell(chunks.chatToAnthropic, 0)}, Anthropic -> Chat ${cell(chunks.anthropicToChat, 0)}`,
    `  including SSE parsing of the upstream bytes: Chat -> Anthropic ${cell(chunks.chatToAnthropicWithSse, 0)}, Anthropic -> Chat ${cell(chunks.anthropicToChatWithSse, 0)}`,
    '',
    'targets (ratios of medians from this run):',
    ...report.targets.map(
      (check) => `  [${check.met ? 'met' : 'NOT met'}] ${check.name}: ${number(check.value, check.limit >= 1000 ? 0 : 2)} (target ${check.comparison} ${number(check.limit, check.limit >= 1000 ? 0 : 2)})`,
    ),
  ];
  return lines.join('\n');
}
