/**
 * Summarises a V8 `.cpuprofile` (from `npm run bench -- --cpu-prof`): the functions with the most
 * self time, and the most inclusive time of our own code, as shares of the profiled busy time.
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [rows]`
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileRow {
  name: string;
  selfPercent: number;
  totalPercent: number;
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '~/').replace(/^.*\/work\/main\//, '');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

/** Each busy sample (idle and program time left out), with its stack innermost first; returns the busy time. */
function forEachBusySample(profile: CpuProfile, visit: (stack: ProfileNode[], delta: number) => void): number {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)') return;
    busy += delta;
    const stack: ProfileNode[] = [];
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current);
      if (!frame) break;
      stack.push(frame);
    }
    visit(stack, delta);
  });
  return busy;
}

export function summariseProfile(profile: CpuProfile): { busyMs: number; self: ProfileRow[]; inclusive: ProfileRow[] } {
  const selfTime = new Map<string, number>();
  const totalTime = new Map<string, number>();
  const busy = forEachBusySample(profile, (stack, delta) => {
    const name = label(stack[0]);
    selfTime.set(name, (selfTime.get(name) ?? 0) + delta);
    const seen = new Set<string>();
    for (const frame of stack) {
      const frameName = label(frame);
      if (seen.has(frameName)) continue;
      seen.add(frameName);
      totalTime.set(frameName, (totalTime.get(frameName) ?? 0) + delta);
    }
  });
  const rows = (map: Map<string, number>, filter: (name: string) => boolean) =>
    [...map.entries()]
      .filter(([name]) => filter(name))
      .sort((left, right) => right[1] - left[1])
      .map(([name]) => ({ name, selfPercent: ((selfTime.get(name) ?? 0) / busy) * 100, totalPercent: ((totalTime.get(name) ?? 0) / busy) * 100 }));
  return {
    busyMs: busy / 1000,
    self: rows(selfTime, () => true),
    inclusive: rows(totalTime, (name) => name.includes('electron/') || name.includes('bench/')),
  };
}

/** What a self frame belongs to: a library, node's own layers, or the runtime. */
function libraryOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return 'garbage collection';
  const module = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (module) return module[1];
  if (url.startsWith('node:internal/streams') || url.startsWith('node:stream')) return 'node streams';
  if (url.startsWith('node:_http') || url.startsWith('node:http')) return 'node http';
  if (url.startsWith('node:')) return 'node (other)';
  if (url.includes('/electron/') || url.includes('/shared/')) return 'own code';
  if (url.startsWith('wasm://')) return 'undici (llhttp wasm)';
  return url ? 'other' : 'native (syscalls, V8)';
}

/** The Switchyard file a frame belongs to, or undefined for libraries and node. */
function ownFile(node: ProfileNode): string | undefined {
  const match = /\/(electron\/(?:core|cli)\/.+?\.ts)$/.exec(node.callFrame.url);
  return match?.[1].replace(/^electron\/(core|cli)\//, '');
}

export interface AreaRow {
  /** The innermost Switchyard file on the stack ("—" when none: node's server, undici's socket callbacks). */
  caller: string;
  /** What the sampled frame itself belongs to. */
  library: string;
  percent: number;
}

/**
 * Where the time goes, by area: each sample is charged to the innermost Switchyard file on its stack and
 * to the library of the frame that was running. So "server/proxy-pipeline.ts / zod" is validation the
 * pipeline asked for, and "— / node http" is node's own server work that any proxy pays.
 */
export function summariseByArea(profile: CpuProfile): AreaRow[] {
  const time = new Map<string, number>();
  const busy = forEachBusySample(profile, (stack, delta) => {
    const caller = stack.map(ownFile).find((file) => file !== undefined) ?? '—';
    const key = `${caller}\u0000${libraryOf(stack[0])}`;
    time.set(key, (time.get(key) ?? 0) + delta);
  });
  return [...time.entries()]
    .map(([key, spent]) => {
      const [caller, library] = key.split('\u0000');
      return { caller, library, percent: (spent / busy) * 100 };
    })
    .sort((left, right) => right.percent - left.percent);
}

interface HeapNode {
  callFrame: ProfileNode['callFrame'];
  selfSize: number;
  children?: HeapNode[];
}

/** A sampling heap profile: bytes allocated by each function itself. */
export function summariseHeapProfile(profile: { head: HeapNode }): { totalBytes: number; rows: Array<{ name: string; percent: number }> } {
  const bytes = new Map<string, number>();
  let total = 0;
  const visit = (node: HeapNode) => {
    if (node.selfSize > 0) {
      const name = label({ id: 0, callFrame: node.callFrame });
      bytes.set(name, (bytes.get(name) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(profile.head);
  const rows = [...bytes.entries()].sort((left, right) => right[1] - left[1]).map(([name, size]) => ({ name, percent: (size / total) * 100 }));
  return { totalBytes: total, rows };
}

/** A saved `.cpuprofile`, read once. */
export function readCpuProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

/** The three tables (self time, our code inclusive, by area) as text, after a busy-time header line. */
export function renderProfileSummary(profile: CpuProfile, header: (busyMs: number) => string, rows: number): string {
  const summary = summariseProfile(profile);
  const print = (row: ProfileRow) => `${row.selfPercent.toFixed(1).padStart(5)}% self ${row.totalPercent.toFixed(1).padStart(5)}% total  ${row.name}`;
  const areas = summariseByArea(profile).slice(0, rows).map((row) => `${row.percent.toFixed(1).padStart(5)}%  ${row.caller} / ${row.library}`);
  return [
    `${header(summary.busyMs)}\n\nby self time:\n${summary.self.slice(0, rows).map(print).join('\n')}\n`,
    `\nour code by inclusive time:\n${summary.inclusive.slice(0, rows).map(print).join('\n')}\n`,
    `\nby area (innermost Switchyard file / what ran):\n${areas.join('\n')}\n`,
  ].join('');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [rows]');
  const limit = Number(process.argv[3] ?? 30);
  process.stdout.write(renderProfileSummary(readCpuProfile(file), (busyMs) => `busy ${busyMs.toFixed(0)} ms`, limit));
}
