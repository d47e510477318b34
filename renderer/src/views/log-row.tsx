/** One log line; a button that expands to every field of the line (secret-looking fields masked, again). */
import { useId, useState } from 'react';
import type { LogEntry } from '../contract-types.js';

/** The core redacts before anything leaves it; this is a second net for keys that name a secret. */
const secretField = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-goog-api-key|x-management-key|api[-_]?key|access[-_]?token|refresh[-_]?token|id[-_]?token|token|secret|client[-_]?secret|password)$/i;

export function maskSecretFields(value: unknown, key?: string): unknown {
  if (key !== undefined && secretField.test(key) && value !== undefined && value !== null) return '••••';
  if (Array.isArray(value)) return value.map((item) => maskSecretFields(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([childKey, child]) => [childKey, maskSecretFields(child, childKey)]));
  }
  return value;
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

export function LogRow({ entry }: { entry: LogEntry }) {
  const [open, setOpen] = useState(false);
  const detailId = useId();
  const fields = entry.fields;
  const parts = [fields.route, fields.model, fields.providerId, fields.status, typeof fields.latencyMs === 'number' ? `${fields.latencyMs} ms` : undefined]
    .filter((part) => part !== undefined && part !== '')
    .map(String);

  return (
    <li className={`log-line level-${entry.level}`} data-seq={entry.seq}>
      <button type="button" className="log-summary" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen(!open)}>
        <time dateTime={new Date(entry.time).toISOString()}>{clock(entry.time)}</time>
        <span className={`pill level-pill level-${entry.level}`}>{entry.level}</span>
        <span className="log-message">{entry.message}</span>
        {parts.length > 0 && <span className="log-parts muted">{parts.join(' · ')}</span>}
      </button>
      {open && (
        <dl id={detailId} className="log-detail">
          {Object.entries(maskSecretFields(fields) as Record<string, unknown>).map(([key, value]) => (
            <div key={key} className="log-field">
              <dt>{key}</dt>
              <dd>
                <pre>{show(value)}</pre>
              </dd>
            </div>
          ))}
          {Object.keys(fields).length === 0 && <p className="muted small">This line has no fields.</p>}
        </dl>
      )}
    </li>
  );
}
