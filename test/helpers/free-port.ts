/**
 * Ports for listeners a test starts later (login callbacks, a child gateway). They come from below the kernel's
 * ephemeral range (32768+ on Linux), so no server that binds port 0 in a parallel test can take one between the
 * probe and the bind; each vitest worker draws from its own block so parallel files never pick the same port.
 */
import { createServer } from 'node:net';

const firstPort = 20_000;
const blockSize = 500;
const blockCount = 24;
let nextOffset = process.pid % blockSize;

function workerBlock(): number {
  const pool = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0');
  return Number.isInteger(pool) ? pool % blockCount : 0;
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A loopback port that is free now and that no port-0 listener will be given. */
export async function freePort(): Promise<number> {
  const base = firstPort + workerBlock() * blockSize;
  for (let tried = 0; tried < blockSize; tried += 1) {
    const port = base + (nextOffset % blockSize);
    nextOffset += 1;
    if (await canBind(port)) return port;
  }
  throw new Error(`no free port in ${base}–${base + blockSize - 1}`);
}
