/** Health: the overall state and why, and every deep check, re-run while the view is open. */
import { useEffect } from 'react';
import type { HealthState } from '../contract-types.js';
import { EmptyState, ErrorMessage } from '../components/messages.js';
import { StatusLight } from '../components/status-light.js';
import { useHealth } from '../stores/app-stores-context.js';
import { formatTime } from './account-words.js';

/** How often the deep checks run while this view is open. */
export const deepCheckIntervalMs = 30_000;

const stateWords: Record<HealthState, string> = { ok: 'ok', warn: 'warning', error: 'failing' };

export function HealthView() {
  const { status, reasons, checks, checkedAt, checking, error, summary, runChecks } = useHealth((state) => state);

  useEffect(() => {
    void runChecks();
    const timer = setInterval(() => void runChecks(), deepCheckIntervalMs);
    return () => clearInterval(timer);
  }, [runChecks]);

  return (
    <div className="view health-view">
      <div className="view-header">
        <h1>Health</h1>
        <p className="muted">Every check Switchyard runs on itself and its upstreams, refreshed while you watch.</p>
      </div>
      <section className="card health-summary" aria-label="Overall health" data-state={status}>
        <div className="card-header">
          <StatusLight state={status ?? 'idle'} label={status ? stateWords[status] : 'unknown'} />
          <div className="card-title">
            <h2>{status === 'ok' ? 'Everything works' : status ? 'Something needs attention' : 'Checking…'}</h2>
            <p className="muted small">
              {summary ? `Version ${summary.version}, up ${Math.round(summary.uptimeSeconds / 60)} min, at ${summary.url}. ` : ''}
              {checkedAt ? `Checked at ${formatTime(checkedAt)}.` : ''}
            </p>
          </div>
          <button type="button" onClick={() => void runChecks()} disabled={checking}>
            {checking ? 'Checking…' : 'Run checks now'}
          </button>
        </div>
        {reasons.length > 0 && (
          <ul className="reasons">
            {reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
      </section>
      {error && <ErrorMessage onRetry={() => void runChecks()}>{error}</ErrorMessage>}
      {checks.length === 0 && !error ? (
        <EmptyState title="No checks yet">The checks run as soon as this view opens; choose Run checks now if nothing appears.</EmptyState>
      ) : (
        <table className="table checks-table">
          <caption className="visually-hidden">Deep health checks</caption>
          <thead>
            <tr>
              <th scope="col">Check</th>
              <th scope="col">State</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {checks.map((check) => (
              <tr key={check.name} data-state={check.state}>
                <th scope="row">{check.name}</th>
                <td>
                  <span className={`pill tone-${check.state}`}>{stateWords[check.state]}</span>
                </td>
                <td className="wrap-anywhere">{check.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
