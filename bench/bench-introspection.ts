/**
 * Preloaded (`node --expose-gc --import tsx --import ./bench/bench-introspection.ts …`) into the proxy
 * under test, so the benchmark can read its memory after a GC, and take a CPU profile of just the
 * loaded stretch (no startup), over the IPC channel. It lives only in the benchmark's child
 * processes: nothing in Switchyard itself knows about it.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

type BenchQuery =
  | { type: 'bench-memory'; id: number; gc: boolean }
  | { type: 'bench-profile-start'; id: number; heap?: boolean; live?: boolean }
  | { type: 'bench-profile-stop'; id: number; file: string; heapFile?: string };

function isQuery(message: unknown): message is BenchQuery {
  const type = typeof message === 'object' && message !== null ? (message as { type?: unknown }).type : undefined;
  return type === 'bench-memory' || type === 'bench-profile-start' || type === 'bench-profile-stop';
}

const collect = (globalThis as { gc?: () => void }).gc;
let session: Session | undefined;

function post(method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    session?.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function answer(query: BenchQuery): Promise<Record<string, unknown>> {
  switch (query.type) {
    case 'bench-memory': {
      if (query.gc && collect) {
        collect();
        collect();
      }
      const usage = process.memoryUsage();
      return { rss: usage.rss, heapUsed: usage.heapUsed, gcAvailable: Boolean(collect) };
    }
    case 'bench-profile-start':
      session = new Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 100 });
      await post('Profiler.start');
      // Every allocation sampled, collected or not (what the GC had to clean), or with `live` only what is still held.
      if (query.heap) {
        const collected = !query.live;
        await post('HeapProfiler.startSampling', { samplingInterval: 8192, includeObjectsCollectedByMajorGC: collected, includeObjectsCollectedByMinorGC: collected });
      }
      return {};
    case 'bench-profile-stop': {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown };
      writeFileSync(query.file, JSON.stringify(profile));
      if (query.heapFile) {
        const sampled = (await post('HeapProfiler.stopSampling')) as { profile: unknown };
        writeFileSync(query.heapFile, JSON.stringify(sampled.profile));
      }
      session?.disconnect();
      session = undefined;
      return { file: query.file };
    }
  }
}

if (process.send) {
  process.on('message', (message: unknown) => {
    if (!isQuery(message)) return;
    answer(message).then(
      (result) => process.send?.({ ...result, type: message.type, id: message.id }),
      (error: unknown) => process.send?.({ type: message.type, id: message.id, error: String(error) }),
    );
  });
  // The channel must not keep the process alive on its own, and the benchmark's end is this process's end.
  process.channel?.unref();
  process.once('disconnect', () => process.exit(0));
}
