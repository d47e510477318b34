/** Usage: totals, a chart by provider, model or account over 24 h / 7 d / 30 d, a breakdown, and CSV export. */
import { useEffect, useId, useMemo, useState } from 'react';
import { EmptyState, ErrorMessage, Loading } from '../components/messages.js';
import { useUsage } from '../stores/app-stores-context.js';
import { bucketStarts, chartSeries, metricNames, type UsageMetric } from '../stores/usage-chart-data.js';
import { usageRanges, type UsageGroup, type UsageRangeId } from '../stores/usage-store.js';
import { errorInWords } from '../transport/transport-error.js';
import { UsageChart } from './usage-chart.js';

const groupNames: Record<UsageGroup, string> = { provider: 'Provider', model: 'Model', account: 'Account' };
const number = (value: number) => value.toLocaleString();

function download(filename: string, body: string, contentType: string): void {
  const url = URL.createObjectURL(new Blob([body], { type: contentType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Totals() {
  const totals = useUsage((state) => state.totals);
  if (!totals) return null;
  const items: Array<[string, string]> = [
    ['Requests', number(totals.requests)],
    ['Errors', number(totals.errors)],
    ['Tokens in', number(totals.inputTokens)],
    ['Tokens out', number(totals.outputTokens)],
    ['Average latency', `${number(Math.round(totals.averageLatencyMs))} ms`],
  ];
  return (
    <dl className="totals" aria-label="Totals">
      {items.map(([name, value]) => (
        <div key={name} className="total" data-total={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Breakdown() {
  const { breakdown, groupBy } = useUsage((state) => state);
  return (
    <table className="table usage-table">
      <caption className="visually-hidden">Usage by {groupNames[groupBy].toLowerCase()}</caption>
      <thead>
        <tr>
          <th scope="col">{groupNames[groupBy]}</th>
          <th scope="col">Requests</th>
          <th scope="col">Errors</th>
          <th scope="col">Tokens in</th>
          <th scope="col">Tokens out</th>
          <th scope="col">Latency</th>
        </tr>
      </thead>
      <tbody>
        {breakdown.map((row) => (
          <tr key={row.label}>
            <th scope="row" className="wrap-anywhere">
              {row.label}
            </th>
            <td>{number(row.requests)}</td>
            <td>{number(row.errors)}</td>
            <td>{number(row.inputTokens)}</td>
            <td>{number(row.outputTokens)}</td>
            <td>{number(Math.round(row.averageLatencyMs))} ms</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UsageView() {
  const { range, groupBy, metric, totals, series, window, status, error, load, setRange, setGroupBy, setMetric, setWatching, exportCsv } = useUsage((state) => state);
  const [exportError, setExportError] = useState<string | undefined>();
  const ids = { group: useId(), metric: useId() };
  const bucket = usageRanges[range].bucket;

  useEffect(() => {
    setWatching(true);
    void load();
    return () => setWatching(false);
  }, [load, setWatching]);

  const chart = useMemo(() => {
    if (!window) return undefined;
    return chartSeries(series, metric, bucketStarts(window.since, window.until, bucket, window.utcOffsetMinutes));
  }, [series, metric, window, bucket]);

  const exportNow = async () => {
    setExportError(undefined);
    try {
      const file = await exportCsv();
      download(file.filename, file.body, file.contentType);
    } catch (failure) {
      setExportError(errorInWords(failure));
    }
  };

  const summary = totals
    ? `${metricNames[metric]} by ${groupBy}, ${usageRanges[range].label.toLowerCase()}: ${number(totals.requests)} requests, ${number(totals.inputTokens)} tokens in, ${number(totals.outputTokens)} tokens out`
    : '';

  return (
    <div className="view usage-view">
      <div className="view-header">
        <h1>Usage</h1>
        <p className="muted">What your tools sent through Switchyard, updated as requests finish.</p>
      </div>
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="Time range">
          {(Object.keys(usageRanges) as UsageRangeId[]).map((id) => (
            <button key={id} type="button" aria-pressed={range === id} onClick={() => setRange(id)}>
              {usageRanges[id].label}
            </button>
          ))}
        </div>
        <div className="field inline">
          <label htmlFor={ids.group}>Group by</label>
          <select id={ids.group} value={groupBy} onChange={(event) => setGroupBy(event.target.value as UsageGroup)}>
            {(Object.keys(groupNames) as UsageGroup[]).map((group) => (
              <option key={group} value={group}>
                {groupNames[group]}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={ids.metric}>Chart</label>
          <select id={ids.metric} value={metric} onChange={(event) => setMetric(event.target.value as UsageMetric)}>
            {(Object.keys(metricNames) as UsageMetric[]).map((name) => (
              <option key={name} value={name}>
                {metricNames[name]}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => void exportNow()}>
          Export CSV
        </button>
      </div>
      {exportError && <ErrorMessage>{exportError}</ErrorMessage>}
      {error && <ErrorMessage onRetry={() => void load()}>{error}</ErrorMessage>}
      {(status === 'idle' || status === 'loading') && <Loading what="usage" />}
      <Totals />
      {status === 'ready' && totals?.requests === 0 ? (
        <EmptyState title="No requests in this period">
          Point a tool at Switchyard (see Connect your tools) or pick a longer range; each finished request shows up here.
        </EmptyState>
      ) : (
        chart &&
        totals && (
          <>
            <UsageChart series={chart} metric={metric} bucket={bucket} summary={summary} />
            <Breakdown />
          </>
        )
      )}
    </div>
  );
}
