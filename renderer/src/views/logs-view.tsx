/** Live logs: filters (level, provider, model, text), pause and resume, newest line first. */
import { useId, useMemo } from 'react';
import { logLevelSchema } from '../../../shared/contract.js';
import type { LogLevel } from '../contract-types.js';
import { EmptyState, ErrorMessage, Loading } from '../components/messages.js';
import { useLogs, useSession } from '../stores/app-stores-context.js';
import { filterLogs, logFacets } from '../stores/logs-store.js';
import { LogRow } from './log-row.js';

/** Lines drawn at once; the filter narrows what the rest hold. */
const shownLines = 300;

export function LogsView() {
  const { entries, held, paused, filters, status, error, pause, resume, clear, setFilters, load } = useLogs((state) => state);
  const streamState = useSession((state) => state.streamState);
  const ids = { level: useId(), provider: useId(), model: useId(), text: useId() };
  const facets = useMemo(() => logFacets(entries), [entries]);
  const visible = useMemo(() => filterLogs(entries, filters).slice(-shownLines).reverse(), [entries, filters]);

  return (
    <div className="view logs-view">
      <div className="view-header">
        <h1>Live logs</h1>
        <p className="muted">
          Lines appear as requests happen{streamState === 'live' ? '' : ` (the live stream is ${streamState === 'closed' ? 'closed' : 'reconnecting'})`}. Select a line for its
          details.
        </p>
      </div>
      <div className="toolbar" role="group" aria-label="Log filters">
        <div className="field inline">
          <label htmlFor={ids.level}>Level</label>
          <select id={ids.level} value={filters.level} onChange={(event) => setFilters({ level: event.target.value as LogLevel })}>
            {logLevelSchema.options.map((level) => (
              <option key={level} value={level}>
                {level} and above
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={ids.provider}>Provider</label>
          <select id={ids.provider} value={filters.provider} onChange={(event) => setFilters({ provider: event.target.value })}>
            <option value="">All providers</option>
            {facets.providers.map((provider) => (
              <option key={provider}>{provider}</option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={ids.model}>Model</label>
          <select id={ids.model} value={filters.model} onChange={(event) => setFilters({ model: event.target.value })}>
            <option value="">All models</option>
            {facets.models.map((model) => (
              <option key={model}>{model}</option>
            ))}
          </select>
        </div>
        <div className="field inline grow">
          <label htmlFor={ids.text}>Search</label>
          <input id={ids.text} type="search" value={filters.text} placeholder="text in the line" onChange={(event) => setFilters({ text: event.target.value })} />
        </div>
        <div className="button-row">
          <button type="button" aria-pressed={paused} onClick={paused ? resume : pause}>
            {paused ? `Resume${held.length > 0 ? ` (${held.length} new)` : ''}` : 'Pause'}
          </button>
          <button type="button" onClick={clear}>
            Clear
          </button>
        </div>
      </div>
      {error && <ErrorMessage onRetry={() => void load()}>{error}</ErrorMessage>}
      {status === 'loading' && <Loading what="recent lines" />}
      {status !== 'loading' && entries.length === 0 && (
        <EmptyState title="No log lines yet">Send a request from one of your tools (see Connect your tools); its line appears here as it happens.</EmptyState>
      )}
      {entries.length > 0 && visible.length === 0 && <EmptyState title="Nothing matches">No line matches these filters; widen the level or clear the search.</EmptyState>}
      <ul className="log-list" aria-label="Log lines, newest first">
        {visible.map((entry) => (
          <LogRow key={entry.seq} entry={entry} />
        ))}
      </ul>
    </div>
  );
}
