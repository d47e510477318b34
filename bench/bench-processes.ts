/**
 * The benchmark's processes: the bench upstream, the reference proxy and Switchyard (`serve`, exactly
 * as `npm run serve` starts it, on a temp SWITCHYARD_HOME), each its own node process. Where `taskset`
 * exists the proxy under test runs on core 0, and the upstream and this load generator on core 1.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliEnvironment, waitForListening } from '../test/helpers/spawn-switchyard.js';
import { benchHoldModel, benchModel } from './bench-upstream.js';

export const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const introspection = pathToFileURL(join(repositoryRoot, 'bench', 'bench-introspection.ts')).href;

export const proxyCore = 0;
export const loadCore = 1;

/** taskset exists and there are two cores to split the work over. */
export function canPin(): boolean {
  if (availableParallelism() < 2) return false;
  return spawnSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' }).status === 0;
}

/** Moves this process (every thread) onto `core`. */
export function pinSelf(core: number): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' }).status === 0;
}

function command(core: number | undefined, args: string[]): [string, string[]] {
  return core === undefined ? [process.execPath, args] : ['taskset', ['-c', String(core), process.execPath, ...args]];
}

export interface MemorySample {
  rss: number;
  heapUsed: number;
}

export interface BenchProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Memory of the process, after two full GCs when `gc` is true. */
  memory(gc: boolean): Promise<MemorySample>;
  /** A CPU profile of the stretch between start and stop, written to `file` (no startup in it). */
  startProfile(heap?: boolean, live?: boolean): Promise<void>;
  /** `heapFile` receives the allocation sampling when the profile was started with `heap`. */
  stopProfile(file: string, heapFile?: string): Promise<void>;
  /** Process CPU time so far, ms (user + system), from /proc where there is one. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

function clockTicksPerSecond(): number {
  const result = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(result.stdout?.trim()) || 100;
}
const ticksPerSecond = clockTicksPerSecond();

function readCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return undefined;
  }
}

/** Under taskset the child is taskset's exec'd node, so the pid is node's own. */
function wrap(name: string, child: ChildProcess, url: string, cleanup?: () => void): BenchProcess {
  let nextId = 0;
  const stderr: string[] = [];
  child.stderr?.on('data', (text: Buffer) => stderr.push(text.toString('utf8')));
  /** One request to bench-introspection.ts over IPC. */
  const query = <Answer>(message: { type: string } & Record<string, unknown>): Promise<Answer> => {
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      const onMessage = (reply: { type?: string; id?: number; error?: string }) => {
        if (reply?.type !== message.type || reply.id !== id) return;
        child.off('message', onMessage);
        if (reply.error) reject(new Error(`${name}: ${reply.error}`));
        else resolve(reply as Answer);
      };
      child.on('message', onMessage);
      if (!child.send({ ...message, id })) reject(new Error(`${name}: the IPC channel is closed`));
    });
  };
  return {
    name,
    url,
    child,
    memory: (gc) => query<MemorySample>({ type: 'bench-memory', gc }),
    startProfile: (heap, live) => query<object>({ type: 'bench-profile-start', heap, live }).then(() => undefined),
    stopProfile: (file, heapFile) => query<object>({ type: 'bench-profile-stop', file, heapFile }).then(() => undefined),
    cpuMs: () => readCpuMs(child.pid),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      cleanup?.();
      if (stderr.length > 0 && process.env.BENCH_DEBUG) process.stderr.write(`[${name}] ${stderr.join('')}`);
    },
  };
}

/** Resolves with the child's first IPC message `{url}`, or rejects when it exits first. */
function awaitUrl(name: string, child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (text: Buffer) => (stderr += text.toString('utf8')));
    child.once('message', (message: { url?: string }) => (message.url ? resolve(message.url) : reject(new Error(`${name}: no url`))));
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it listened: ${stderr.slice(0, 2_000)}`)));
  });
}

export async function startUpstreamProcess(core: number | undefined, chunks: number): Promise<BenchProcess> {
  const [file, args] = command(core, ['--import', 'tsx', join(repositoryRoot, 'bench', 'bench-upstream.ts'), String(chunks)]);
  const child = spawn(file, args, { cwd: repositoryRoot, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  return wrap('upstream', child, await awaitUrl('upstream', child));
}

export async function startReferenceProcess(core: number | undefined, upstreamUrl: string, nodeFlags: string[] = []): Promise<BenchProcess> {
  const [file, args] = command(core, [
    '--expose-gc',
    ...nodeFlags,
    '--import',
    'tsx',
    '--import',
    introspection,
    join(repositoryRoot, 'bench', 'reference-proxy.ts'),
    upstreamUrl,
  ]);
  const child = spawn(file, args, { cwd: repositoryRoot, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stdout?.resume();
  return wrap('reference', child, await awaitUrl('reference', child));
}

export const benchClientKey = 'sy-bench-0123456789abcdef0123456789abcdef';
export const benchEntryName = 'bench';
export const switchyardModel = `${benchEntryName}/${benchModel}`;
export const switchyardHoldModel = `${benchEntryName}/${benchHoldModel}`;

export interface SwitchyardProcessOptions {
  core: number | undefined;
  upstreamUrl: string;
  logLevel: string;
  /** Extra node flags, e.g. `--cpu-prof` for profiling. */
  nodeFlags?: string[];
  /** Another checkout to run Switchyard from (A/B comparisons); this one by default. */
  root?: string;
}

/** `node bin/switchyard.js serve --port 0`, the same entry as `npm run serve`, with its own SWITCHYARD_HOME. */
export async function startSwitchyardProcess(options: SwitchyardProcessOptions): Promise<BenchProcess> {
  const home = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
  const environment = cliEnvironment(home, {
    SWITCHYARD_API_KEY: benchClientKey,
    SWITCHYARD_LOG_LEVEL: options.logLevel,
    SWITCHYARD_OPENAI_COMPATIBLE: JSON.stringify([{ name: benchEntryName, baseUrl: `${options.upstreamUrl}/v1`, models: [benchModel, benchHoldModel] }]),
  });
  const [file, args] = command(options.core, [
    '--expose-gc',
    ...(options.nodeFlags ?? []),
    // bin/switchyard.js registers tsx itself; the TypeScript preload needs it first.
    '--import',
    'tsx',
    '--import',
    introspection,
    join(options.root ?? repositoryRoot, 'bin', 'switchyard.js'),
    'serve',
    '--port',
    '0',
  ]);
  const child = spawn(file, args, { cwd: options.root ?? repositoryRoot, env: environment, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  const url = await waitForListening(child, 'switchyard');
  return wrap('switchyard', child, url, () => rmSync(home, { recursive: true, force: true }));
}
