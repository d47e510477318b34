/** Recent log entries for the live view, and the bus that feeds subscribers (events stream, IPC). */
import { logLevelRank, logLevelSchema, type LogEntry, type LogLevel } from '../../../shared/contract-schemas.js';

export type { LogEntry };

/** pino writes level numbers; the contract carries names. */
const levelNames = new Map<number, LogLevel>(logLevelSchema.options.map((name) => [logLevelRank[name], name]));

export class LogRingBuffer {
  private readonly entries: LogEntry[] = [];
  private readonly listeners = new Set<(entry: LogEntry) => void>();
  private nextSeq = 1;

  constructor(private readonly capacity = 2_000) {}

  /** pino calls this with one JSON line per entry. */
  write(line: string): void {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const { level, time, msg: text, pid: _pid, hostname: _hostname, ...fields } = record;
    const entry: LogEntry = {
      seq: this.nextSeq++,
      time: typeof time === 'number' ? time : Date.now(),
      level: levelNames.get(typeof level === 'number' ? level : 30) ?? 'info',
      message: typeof text === 'string' ? text : '',
      fields,
    };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
    for (const listener of this.listeners) listener(entry);
  }

  /** Entries after `afterSeq`, newest last, at most `limit`. */
  list(afterSeq = 0, limit = 200): LogEntry[] {
    const filtered = this.entries.filter((entry) => entry.seq > afterSeq);
    return filtered.slice(Math.max(0, filtered.length - limit));
  }

  /** The newest entry's seq, 0 when the buffer holds none (as `list(0, 1)` would say, without the scan). */
  get lastSeq(): number {
    return this.entries.at(-1)?.seq ?? 0;
  }

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
