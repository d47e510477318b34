/**
 * From per-round samples to the report: medians with min–max over rounds, the ratios the targets are
 * written in (issue 4), a table for people and one JSON line for machines.
 */
export type ProxyTarget = 'reference' | 'passthrough' | 'translated';
export type Target = 'direct' | ProxyTarget;
export const targets: Target[] = ['direct', 'reference', 'passthrough', 'translated'];
export const proxyTargets: ProxyTarget[] = ['reference', 'passthrough', 'translated'];

export interface Range {
  median: number;
  min: number;
  max: number;
}

/** Bytes. RSS and heap per stream come from a fresh process's first load; heapBefore/heapAfter from its second. */
export interface MemoryRound {
  streams: number;
  rssBefore: number;
  rssHeld: number;
  rssAfter: number;
  heapFresh: number;
  heapHeld: number;
  heapBefore: number;
  heapAfter: number;
}

/** Everything one round measured; a target missing from a map was not measured that round. */
export interface RoundSamples {
  latency: Partial<Record<Target, { p50: number; p99: number }>>;
  ttfb1: Partial<Record<Target, number>>;
  ttfb32: Partial<Record<Target, number>>;
  throughput: Partial<Record<Target, { requestsPerSecond: number; cpuMicrosPerRequest?: number; proxyCpuPercent?: number; loadCorePercent?: number }>>;
  memory: Partial<Record<ProxyTarget, MemoryRound>>;
  translation: { chatToAnthropic: number; anthropicToChat: number; chatToAnthropicWithSse: number; anthropicToChatWithSse: number };
}

export interface RunInfo {
  quick: boolean;
  rounds: number;
  pinned: boolean;
  logLevel: string;
  node: string;
  cpu: string;
  startedAt: string;
  latencyRequests: number;
  ttfbRequests: number;
  throughputRun: string;
  heldStreams: number;
  upstreamChunks: number;
  /** 1, 5 and 15 minute load averages at the end: other work on the machine skews wall-clock figures. */
  loadAverage: number[];
}

export function percentile(samples: number[], fraction: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

export function range(values: number[]): Range {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { median: percentile(finite, 0.5), min: Math.min(...finite), max: Math.max(...finite) };
}

const mib = 1024 * 1024;

function collect<Key extends string, Value>(rounds: RoundSamples[], pick: (round: RoundSamples) => Partial<Record<Key, Value>>, keys: Key[], value: (entry: Value, round: RoundSamples) => number): Record<Key, Range> {
  const result = {} as Record<Key, Range>;
  for (const key of keys) {
    const values: number[] = [];
    for (const round of rounds) {
      const entry = pick(round)[key];
      if (entry !== undefined) values.push(value(entry, round));
    }
    result[key] = range(values);
  }
  return result;
}

export interface TargetCheck {
  name: string;
  value: number;
  limit: number;
  comparison: '<=' | '>=';
  met: boolean;
}

export interface BenchReport {
  benchmark: 'switchyard';
  run: RunInfo;
  latencyMs: Record<Target, { p50: Range; p99: Range }>;
  addedLatencyMs: Record<ProxyTarget, { p50: Range; p99: Range }>;
  throughput: Record<
    Target,
    { requestsPerSecond: Range; ratioToDirect: Range; ratioToReference: Range; cpuMicrosPerRequest: Range; proxyCpuPercent: Range; loadCorePercent: Range }
  >;
  ttfbAddedMs: { concurrency1: Record<ProxyTarget, Range>; concurrency32: Record<ProxyTarget, Range> };
  memory: Record<
    ProxyTarget,
    { streams: number; rssPerStreamKiB: Range; heapPerStreamKiB: Range; rssHeldMiB: Range; rssAfterMiB: Range; heapBeforeMiB: Range; heapAfterMiB: Range; heapGrowthPercent: Range }
  >;
  translatedChunksPerSecond: { chatToAnthropic: Range; anthropicToChat: Range; chatToAnthropicWithSse: Range; anthropicToChatWithSse: Range };
  targets: TargetCheck[];
}

export function buildReport(run: RunInfo, rounds: RoundSamples[]): BenchReport {
  const latencyP50 = collect(rounds, (round) => round.latency, targets, (entry) => entry.p50);
  const latencyP99 = collect(rounds, (round) => round.latency, targets, (entry) => entry.p99);
  const added = (which: 'p50' | 'p99') =>
    collect(rounds, (round) => round.latency, proxyTargets, (entry, round) => entry[which] - (round.latency.direct?.[which] ?? Number.NaN));
  const addedP50 = added('p50');
  const addedP99 = added('p99');
  const ttfbAdded = (pick: (round: RoundSamples) => Partial<Record<Target, number>>) =>
    collect(rounds, pick, proxyTargets, (value, round) => value - (pick(round).direct ?? Number.NaN));
  const rps = collect(rounds, (round) => round.throughput, targets, (entry) => entry.requestsPerSecond);
  const ratioTo = (base: Target) =>
    collect(rounds, (round) => round.throughput, targets, (entry, round) => entry.requestsPerSecond / (round.throughput[base]?.requestsPerSecond ?? Number.NaN));
  const toDirect = ratioTo('direct');
  const toReference = ratioTo('reference');
  const proxyCpu = collect(rounds, (round) => round.throughput, targets, (entry) => entry.proxyCpuPercent ?? Number.NaN);
  const cpuPerRequest = collect(rounds, (round) => round.throughput, targets, (entry) => entry.cpuMicrosPerRequest ?? Number.NaN);
  const loadCpu = collect(rounds, (round) => round.throughput, targets, (entry) => entry.loadCorePercent ?? Number.NaN);
  const memory = (pick: (entry: MemoryRound) => number) => collect(rounds, (round) => round.memory, proxyTargets, pick);
  const rssPerStream = memory((entry) => (entry.rssHeld - entry.rssBefore) / entry.streams / 1024);
  const heapPerStream = memory((entry) => (entry.heapHeld - entry.heapFresh) / entry.streams / 1024);
  const heapGrowth = memory((entry) => ((entry.heapAfter - entry.heapBefore) / entry.heapBefore) * 100);
  const translation = (key: keyof RoundSamples['translation']) => range(rounds.map((round) => round.translation[key]));

  const report: BenchReport = {
    benchmark: 'switchyard',
    run,
    latencyMs: Object.fromEntries(targets.map((target) => [target, { p50: latencyP50[target], p99: latencyP99[target] }])) as BenchReport['latencyMs'],
    addedLatencyMs: Object.fromEntries(proxyTargets.map((target) => [target, { p50: addedP50[target], p99: addedP99[target] }])) as BenchReport['addedLatencyMs'],
    throughput: Object.fromEntries(
      targets.map((target) => [
        target,
        {
          requestsPerSecond: rps[target],
          ratioToDirect: toDirect[target],
          ratioToReference: toReference[target],
          cpuMicrosPerRequest: cpuPerRequest[target],
          proxyCpuPercent: proxyCpu[target],
          loadCorePercent: loadCpu[target],
        },
      ]),
    ) as BenchReport['throughput'],
    ttfbAddedMs: { concurrency1: ttfbAdded((round) => round.ttfb1), concurrency32: ttfbAdded((round) => round.ttfb32) },
    memory: Object.fromEntries(
      proxyTargets.map((target) => [
        target,
        {
          streams: run.heldStreams,
          rssPerStreamKiB: rssPerStream[target],
          heapPerStreamKiB: heapPerStream[target],
          rssHeldMiB: memory((entry) => entry.rssHeld / mib)[target],
          rssAfterMiB: memory((entry) => entry.rssAfter / mib)[target],
          heapBeforeMiB: memory((entry) => entry.heapBefore / mib)[target],
          heapAfterMiB: memory((entry) => entry.heapAfter / mib)[target],
          heapGrowthPercent: heapGrowth[target],
        },
      ]),
    ) as BenchReport['memory'],
    translatedChunksPerSecond: {
      chatToAnthropic: translation('chatToAnthropic'),
      anthropicToChat: translation('anthropicToChat'),
      chatToAnthropicWithSse: translation('chatToAnthropicWithSse'),
      anthropicToChatWithSse: translation('anthropicToChatWithSse'),
    },
    targets: [],
  };
  report.targets = checkTargets(report);
  return report;
}

function atMost(name: string, value: number, limit: number): TargetCheck {
  return { name, value, limit, comparison: '<=', met: value <= limit };
}

function atLeast(name: string, value: number, limit: number): TargetCheck {
  return { name, value, limit, comparison: '>=', met: value >= limit };
}

/** Issue 4's targets, each a ratio of medians measured in this run. */
export function checkTargets(report: BenchReport): TargetCheck[] {
  const added = report.addedLatencyMs;
  const ttfb = report.ttfbAddedMs;
  const memory = report.memory;
  const ratio = (value: Range, base: Range) => value.median / base.median;
  const checks: TargetCheck[] = [
    atMost('added latency p50, passthrough / reference', ratio(added.passthrough.p50, added.reference.p50), 1.2),
    atMost('added latency p50, translated / reference', ratio(added.translated.p50, added.reference.p50), 1.5),
    atMost('added latency p99, passthrough / reference', ratio(added.passthrough.p99, added.reference.p99), 2),
    atMost('added latency p99, translated / reference', ratio(added.translated.p99, added.reference.p99), 2),
    atLeast('requests/s @64, passthrough / reference', report.throughput.passthrough.ratioToReference.median, 0.85),
    atLeast('requests/s @64, translated / reference', report.throughput.translated.ratioToReference.median, 0.7),
  ];
  for (const [label, figures] of [['c=1', ttfb.concurrency1], ['c=32', ttfb.concurrency32]] as const) {
    checks.push(atMost(`stream first event added ${label}, passthrough / reference`, ratio(figures.passthrough, figures.reference), 1.2));
    checks.push(atMost(`stream first event added ${label}, translated / reference`, ratio(figures.translated, figures.reference), 1.2));
  }
  checks.push(
    atMost('RSS per open stream, passthrough / reference', ratio(memory.passthrough.rssPerStreamKiB, memory.reference.rssPerStreamKiB), 1.2),
    atMost('RSS per open stream, translated / reference', ratio(memory.translated.rssPerStreamKiB, memory.reference.rssPerStreamKiB), 1.2),
    atMost('heapUsed growth after streams close + GC, passthrough (%)', Math.abs(memory.passthrough.heapGrowthPercent.median), 10),
    atMost('heapUsed growth after streams close + GC, translated (%)', Math.abs(memory.translated.heapGrowthPercent.median), 10),
    atLeast('translated chunks/s, Chat -> Anthropic', report.translatedChunksPerSecond.chatToAnthropic.median, 1_000_000),
    atLeast('translated chunks/s, Anthropic -> Chat', report.translatedChunksPerSecond.anthropicToChat.median, 1_000_000),
  );
  return checks;
}
