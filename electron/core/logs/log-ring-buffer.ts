/** Recent log entries for the live view, and the bus that feeds subscribers (events stream, IPC). */
export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

export interface LogEntry {
  /** Monotonic sequence number, for paging and resuming. */
  seq: number;
  time: number;
  level: LogLevelName;
  message: string;
  /** Structured fields (already redacted). */
  fields: Record<string, unknown>;
}

const levelNames: Record<number, LogLevelName> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

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
      level: levelNames[typeof level === 'number' ? level : 30] ?? 'info',
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

  subscribe(listener: (entry: LogEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
