import { describe, expect, it } from 'vitest';
import { FakeTransport } from '../testing/fake-transport.js';
import { logEntry, requestLine } from '../testing/sample-data.js';
import { createLogsStore, filterLogs, logFacets, maxLogLines } from './logs-store.js';

describe('the logs store', () => {
  it('loads recent lines, then appends live ones; paused, it holds them until resumed', async () => {
    const first = requestLine('claude-sonnet-4-6', 'claude');
    const transport = new FakeTransport({ listLogs: () => ({ entries: [first], lastSeq: first.seq }) });
    const store = createLogsStore(transport);
    store.getState().listen();
    await store.getState().load();
    expect(store.getState().entries).toEqual([first]);
    const second = requestLine('local/qwen3', 'openai-compatible');
    transport.emit('log', second);
    expect(store.getState().entries.map((entry) => entry.seq)).toEqual([first.seq, second.seq]);
    store.getState().pause();
    const third = logEntry({ message: 'while paused' });
    transport.emit('log', third);
    expect(store.getState().entries).toHaveLength(2);
    expect(store.getState().held).toEqual([third]);
    store.getState().resume();
    expect(store.getState().entries.at(-1)).toEqual(third);
    expect(store.getState().held).toEqual([]);
  });

  it('keeps at most the newest lines', () => {
    const transport = new FakeTransport();
    const store = createLogsStore(transport);
    store.getState().listen();
    for (let index = 0; index < maxLogLines + 5; index += 1) transport.emit('log', logEntry());
    expect(store.getState().entries).toHaveLength(maxLogLines);
  });

  it('filters by minimum level, provider, model and text', () => {
    const entries = [
      requestLine('claude-sonnet-4-6', 'claude'),
      requestLine('local/qwen3', 'openai-compatible', { status: 502 }),
      logEntry({ level: 'debug', message: 'refresh scheduled' }),
      logEntry({ level: 'warn', message: 'could not read quota' }),
    ];
    const all = { level: 'trace', provider: '', model: '', text: '' } as const;
    expect(filterLogs(entries, all)).toHaveLength(4);
    expect(filterLogs(entries, { ...all, level: 'info' })).toHaveLength(3);
    expect(filterLogs(entries, { ...all, level: 'warn' }).map((entry) => entry.message)).toEqual(['could not read quota']);
    expect(filterLogs(entries, { ...all, provider: 'claude' })).toEqual([entries[0]]);
    expect(filterLogs(entries, { ...all, model: 'local/qwen3' })).toEqual([entries[1]]);
    expect(filterLogs(entries, { ...all, text: '502' })).toEqual([entries[1]]);
    expect(logFacets(entries)).toEqual({ providers: ['claude', 'openai-compatible'], models: ['claude-sonnet-4-6', 'local/qwen3'] });
  });
});
