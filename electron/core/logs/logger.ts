/**
 * pino with redaction before every sink: the rotating file under $SWITCHYARD_HOME/logs, the ring buffer
 * for the live view, and optionally stdout.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import pino, { type Logger, type StreamEntry } from 'pino';
import pinoRoll from 'pino-roll';
import type { LogRingBuffer } from './log-ring-buffer.js';
import type { Redactor } from './redaction.js';

export type { Logger };

export interface LoggerOptions {
  home: string;
  level: string;
  redactor: Redactor;
  ringBuffer: LogRingBuffer;
  fileMaxMb: number;
  fileCount: number;
  /** Also write JSON lines to stdout (headless serve). */
  stdout?: boolean;
}

export interface LoggerHandle {
  logger: Logger;
  logDirectory: string;
  /** Flush the file sink (tests and shutdown). */
  flush(): void;
  close(): Promise<void>;
}

export async function createLogger(options: LoggerOptions): Promise<LoggerHandle> {
  const logDirectory = join(options.home, 'logs');
  mkdirSync(logDirectory, { recursive: true, mode: 0o700 });
  const file = await pinoRoll({
    file: join(logDirectory, 'switchyard'),
    extension: '.log',
    size: `${options.fileMaxMb}m`,
    limit: { count: options.fileCount },
    mkdir: true,
  });
  const streams: StreamEntry[] = [
    { level: 'trace', stream: file },
    { level: 'trace', stream: options.ringBuffer },
  ];
  if (options.stdout) streams.push({ level: 'trace', stream: process.stdout });
  const { redactor } = options;
  const logger = pino(
    {
      level: options.level,
      base: undefined,
      formatters: { log: (object) => redactor.redact(object) },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((argument) => (typeof argument === 'string' ? redactor.redactString(argument) : argument));
          method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    pino.multistream(streams),
  );
  return {
    logger,
    logDirectory,
    // The file opens asynchronously; until it has, there is nothing to flush (and flushSync would throw).
    flush: () => {
      if (file.fd >= 0) file.flushSync();
    },
    close: () =>
      new Promise((resolve) => {
        const finish = () => {
          file.flushSync();
          file.end();
        };
        file.once('close', () => resolve());
        file.once('error', () => resolve());
        if (file.fd >= 0) finish();
        else file.once('ready', finish);
      }),
  };
}
