/**
 * Profiles one proxy under one load: starts the bench upstream and `switchyard serve` (or the
 * reference proxy with --reference), warms it up, then drives it with autocannon at 64 connections
 * while a CPU profile of just that stretch is taken. Prints the proxy's CPU time per request (robust
 * to other load on the machine) and where the time went; --heap adds what that stretch allocated, by
 * function (V8's sampling heap profiler, collected objects included: what the GC had to clean up).
 * `npx tsx bench/profile-switchyard.ts [passthrough|translated|passthrough-stream|translated-stream] [seconds] [--reference] [--heap] [--no-prof]`
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { endpointFor } from './bench-load.js';
import {
  canPin,
  loadCore,
  pinSelf,
  proxyCore,
  repositoryRoot,
  startReferenceProcess,
  startSwitchyardProcess,
  startUpstreamProcess,
} from './bench-processes.js';
import { readCpuProfile, renderProfileSummary, summariseHeapProfile } from './profile-summary.js';

const [scenario = 'passthrough', secondsText = '5'] = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const flags = new Set(process.argv.slice(2).filter((argument) => argument.startsWith('--')));
const directory = join(repositoryRoot, 'bench-results', 'profiles');
mkdirSync(directory, { recursive: true });
const stamp = `${flags.has('--reference') ? 'reference' : scenario}-${Date.now()}`;

const pinned = canPin() && pinSelf(loadCore);
const upstream = await startUpstreamProcess(pinned ? loadCore : undefined, 20);
const proxy = flags.has('--reference')
  ? await startReferenceProcess(pinned ? proxyCore : undefined, upstream.url)
  : await startSwitchyardProcess({
      core: pinned ? proxyCore : undefined,
      upstreamUrl: upstream.url,
      logLevel: process.env.BENCH_LOG_LEVEL ?? 'warn',
    });
const profileFile = join(directory, `${stamp}.cpuprofile`);
const heapFile = flags.has('--heap') ? join(directory, `${stamp}.heapprofile`) : undefined;
try {
  const endpoint = endpointFor(flags.has('--reference') ? 'reference' : scenario.startsWith('translated') ? 'translated' : 'passthrough', proxy.url);
  const stream = scenario.endsWith('-stream');
  const options = { url: `${endpoint.origin}${endpoint.path}`, connections: 64, method: 'POST' as const, headers: endpoint.headers, body: endpoint.body(stream) };
  await autocannon({ ...options, duration: 3 });
  const cpuBefore = proxy.cpuMs() ?? Number.NaN;
  if (!flags.has('--no-prof')) await proxy.startProfile(heapFile !== undefined);
  const result = await autocannon({ ...options, duration: Number(secondsText) });
  if (!flags.has('--no-prof')) await proxy.stopProfile(profileFile, heapFile);
  const cpuPerRequest = (((proxy.cpuMs() ?? Number.NaN) - cpuBefore) * 1000) / result['2xx'];
  process.stdout.write(
    `${stamp}: ${(result['2xx'] / result.duration).toFixed(0)} requests/s, ${cpuPerRequest.toFixed(0)} µs of proxy CPU per request, ${result.non2xx + result.errors} failures\n`,
  );
} finally {
  await proxy.stop();
  await upstream.stop();
}
if (!flags.has('--no-prof')) {
  process.stdout.write(renderProfileSummary(readCpuProfile(profileFile), (busyMs) => `profile ${profileFile} (busy ${busyMs.toFixed(0)} ms)`, 40));
  if (heapFile) {
    const allocations = summariseHeapProfile(JSON.parse(readFileSync(heapFile, 'utf8')));
    process.stdout.write(`\nallocated ${(allocations.totalBytes / 1024 / 1024).toFixed(1)} MiB (sampled), by function:\n`);
    process.stdout.write(`${allocations.rows.slice(0, 30).map((row) => `${row.percent.toFixed(1).padStart(5)}%  ${row.name}`).join('\n')}\n`);
  }
}
