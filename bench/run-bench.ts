/**
 * `npm run bench`: what Switchyard adds over the direct call, next to the reference proxy, alternating
 * direct / reference / Switchyard over the rounds. Prints a table and one JSON line, and writes both
 * under bench-results/. Options: --quick, --rounds N, --log-level L, --streams N, --chunks N,
 * --out DIR, --no-pin, --cpu-prof (profiles Switchyard into DIR/profiles).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { endpointFor, holdStreams, releaseHeldStreams, sequentialLatency, streamingFirstEvent, throughput, type Endpoint } from './bench-load.js';
import {
  canPin,
  loadCore,
  pinSelf,
  proxyCore,
  repositoryRoot,
  startReferenceProcess,
  startSwitchyardProcess,
  startUpstreamProcess,
  type BenchProcess,
  type MemorySample,
} from './bench-processes.js';
import { buildReport, percentile, proxyTargets, targets, type MemoryRound, type RoundSamples, type RunInfo, type Target } from './bench-report.js';
import { renderTable } from './bench-table.js';
import { measureTranslation, processCpuMs } from './bench-translate.js';

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
    streams: { type: 'string' },
    chunks: { type: 'string', default: '20' },
    out: { type: 'string', default: join(repositoryRoot, 'bench-results') },
    'no-pin': { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
  },
});

const quick = options.quick;
const plan = {
  rounds: Number(options.rounds ?? (quick ? 1 : 5)),
  latencyRequests: quick ? 150 : 2_000,
  ttfbRequests: quick ? 64 : 1_000,
  throughput: { durationSeconds: quick ? 1 : 3 },
  heldStreams: Number(options.streams ?? (quick ? 50 : 1_000)),
  afterCloseMs: quick ? 200 : 5_000,
  translateMs: quick ? 100 : 1_000,
  chunks: Number(options.chunks),
};

const log = (text: string) => process.stderr.write(`${text}\n`);

interface Targets {
  upstream: BenchProcess;
  endpoints: Record<Target, Endpoint>;
  proxies: Record<Exclude<Target, 'direct'>, BenchProcess>;
  /** A new process of the same kind, for memory: RSS only grows the first time a process holds that many streams. */
  fresh(target: Exclude<Target, 'direct'>): Promise<{ proxy: BenchProcess; endpoint: Endpoint }>;
}

/** Rotating the order each round keeps any drift from always landing on the same target. */
function order<Item>(items: readonly Item[], round: number): Item[] {
  const shift = round % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

function cpuPercent(before: number | undefined, after: number | undefined, wallMs: number): number | undefined {
  return before === undefined || after === undefined ? undefined : ((after - before) / wallMs) * 100;
}

function withDeadline<Value>(promise: Promise<Value>, ms: number, message: () => string): Promise<Value> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)));
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

async function measureMemory(setup: Targets, target: Exclude<Target, 'direct'>): Promise<MemoryRound> {
  const { proxy, endpoint } = await setup.fresh(target);
  try {
    return await measureHeldStreams(setup, target, proxy, endpoint);
  } finally {
    await proxy.stop();
  }
}

/** Holds the streams open until every one has delivered its first event; returns the proxy's memory then (after a GC). */
async function holdAndRelease(setup: Targets, target: string, proxy: BenchProcess, endpoint: Endpoint): Promise<MemorySample> {
  const streams = holdStreams(endpoint, plan.heldStreams);
  streams.closed.catch(() => undefined);
  await withDeadline(streams.opened, 60_000, () => `${target}: only ${streams.openCount()} of ${plan.heldStreams} streams opened`);
  const held = await proxy.memory(true);
  await releaseHeldStreams(setup.upstream.url);
  await streams.closed;
  return held;
}

/**
 * First load on a fresh, warmed process: RSS and heap per open stream, and RSS 5 s after the streams
 * close. Second load: heapUsed after it against before it, both after a GC, once pools and caches
 * have reached their size (idle keep-alive sockets to the upstream outlive the streams).
 */
async function measureHeldStreams(setup: Targets, target: Exclude<Target, 'direct'>, proxy: BenchProcess, endpoint: Endpoint): Promise<MemoryRound> {
  await sequentialLatency(endpoint, quick ? 20 : 200);
  await streamingFirstEvent(endpoint, quick ? 16 : 128, 16);
  const fresh = await proxy.memory(true);
  const held = await holdAndRelease(setup, target, proxy, endpoint);
  await delay(plan.afterCloseMs);
  const after = await proxy.memory(false);
  const before = await proxy.memory(true);
  await holdAndRelease(setup, target, proxy, endpoint);
  const afterSecond = await proxy.memory(true);
  return {
    streams: plan.heldStreams,
    rssBefore: fresh.rss,
    rssHeld: held.rss,
    rssAfter: after.rss,
    heapFresh: fresh.heapUsed,
    heapHeld: held.heapUsed,
    heapBefore: before.heapUsed,
    heapAfter: afterSecond.heapUsed,
  };
}

async function runRound(setup: Targets, round: number): Promise<RoundSamples> {
  const samples: RoundSamples = { latency: {}, ttfb1: {}, ttfb32: {}, throughput: {}, memory: {}, translation: measureTranslation(plan.translateMs) };
  for (const target of order(targets, round)) {
    const latencies = await sequentialLatency(setup.endpoints[target], plan.latencyRequests);
    samples.latency[target] = { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  }
  for (const target of order(targets, round)) {
    samples.ttfb1[target] = percentile(await streamingFirstEvent(setup.endpoints[target], Math.ceil(plan.ttfbRequests / 2), 1), 0.5);
  }
  for (const target of order(targets, round)) {
    samples.ttfb32[target] = percentile(await streamingFirstEvent(setup.endpoints[target], plan.ttfbRequests, 32), 0.5);
  }
  for (const target of order(targets, round)) {
    const proxy = target === 'direct' ? undefined : setup.proxies[target];
    const proxyBefore = proxy?.cpuMs() ?? setup.upstream.cpuMs();
    const loadBefore = (setup.upstream.cpuMs() ?? Number.NaN) + processCpuMs();
    const started = performance.now();
    const result = await throughput(setup.endpoints[target], 64, plan.throughput);
    const wallMs = performance.now() - started;
    if (result.failures > 0) throw new Error(`${target}: ${result.failures} failed requests during the throughput run`);
    const proxyAfter = proxy?.cpuMs() ?? setup.upstream.cpuMs();
    samples.throughput[target] = {
      requestsPerSecond: result.requestsPerSecond,
      // CPU time per request holds still when other processes share the core; requests/s does not.
      cpuMicrosPerRequest: proxyBefore === undefined || proxyAfter === undefined ? undefined : ((proxyAfter - proxyBefore) * 1000) / result.requests,
      proxyCpuPercent: target === 'direct' ? undefined : cpuPercent(proxyBefore, proxyAfter, wallMs),
      loadCorePercent: cpuPercent(loadBefore, (setup.upstream.cpuMs() ?? Number.NaN) + processCpuMs(), wallMs),
    };
  }
  for (const target of order(proxyTargets, round)) samples.memory[target] = await measureMemory(setup, target);
  return samples;
}

async function warmUp(setup: Targets): Promise<void> {
  for (const target of targets) {
    await sequentialLatency(setup.endpoints[target], quick ? 50 : 500);
    await streamingFirstEvent(setup.endpoints[target], quick ? 32 : 500, 32);
    await throughput(setup.endpoints[target], 64, { amount: quick ? 200 : 5_000 });
  }
}

async function main(): Promise<void> {
  const pinned = !options['no-pin'] && canPin() && pinSelf(loadCore);
  const proxyCpu = pinned ? proxyCore : undefined;
  const loadCpu = pinned ? loadCore : undefined;
  const profileDirectory = join(options.out, 'profiles');
  if (options['cpu-prof']) mkdirSync(profileDirectory, { recursive: true });
  const started: BenchProcess[] = [];
  try {
    const upstream = await startUpstreamProcess(loadCpu, plan.chunks);
    started.push(upstream);
    const reference = await startReferenceProcess(proxyCpu, upstream.url);
    started.push(reference);
    const switchyard = await startSwitchyardProcess({
      core: proxyCpu,
      upstreamUrl: upstream.url,
      logLevel: options['log-level'],
      nodeFlags: options['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] : [],
    });
    started.push(switchyard);
    const setup: Targets = {
      upstream,
      endpoints: {
        direct: endpointFor('direct', upstream.url),
        reference: endpointFor('reference', reference.url),
        passthrough: endpointFor('passthrough', switchyard.url),
        translated: endpointFor('translated', switchyard.url),
      },
      proxies: { reference, passthrough: switchyard, translated: switchyard },
      async fresh(target) {
        const proxy =
          target === 'reference'
            ? await startReferenceProcess(proxyCpu, upstream.url)
            : await startSwitchyardProcess({ core: proxyCpu, upstreamUrl: upstream.url, logLevel: options['log-level'] });
        return { proxy, endpoint: endpointFor(target, proxy.url) };
      },
    };
    log(`bench: upstream ${upstream.url}, reference ${reference.url}, switchyard ${switchyard.url}${pinned ? ' (pinned)' : ''}; warming up`);
    await warmUp(setup);
    const rounds: RoundSamples[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      log(`bench: round ${round + 1} of ${plan.rounds}`);
      rounds.push(await runRound(setup, round));
    }
    const run: RunInfo = {
      quick,
      rounds: plan.rounds,
      pinned,
      logLevel: options['log-level'],
      node: process.version,
      cpu: `${cpus()[0]?.model ?? 'unknown cpu'} x${cpus().length}`,
      startedAt: new Date().toISOString(),
      latencyRequests: plan.latencyRequests,
      ttfbRequests: plan.ttfbRequests,
      throughputRun: `${plan.throughput.durationSeconds} s`,
      heldStreams: plan.heldStreams,
      upstreamChunks: plan.chunks,
      loadAverage: loadavg().map((value) => Number(value.toFixed(2))),
    };
    const report = buildReport(run, rounds);
    const table = renderTable(report);
    const line = JSON.stringify(report);
    process.stdout.write(`${table}\n\n${line}\n`);
    mkdirSync(options.out, { recursive: true });
    const stamp = run.startedAt.replace(/[:.]/g, '-');
    writeFileSync(join(options.out, `bench-${stamp}.txt`), `${table}\n`);
    writeFileSync(join(options.out, `bench-${stamp}.json`), `${line}\n`);
    log(`bench: written to ${join(options.out, `bench-${stamp}.{txt,json}`)}`);
  } finally {
    for (const child of started.reverse()) await child.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
