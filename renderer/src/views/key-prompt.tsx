/** Asks for the management key once per tab (unless a `switchyard dashboard` link brought it). */
import { useId, useState } from 'react';
import { useSession } from '../stores/app-stores-context.js';

export function KeyPrompt() {
  const phase = useSession((state) => state.phase);
  const keyError = useSession((state) => state.keyError);
  const submitKey = useSession((state) => state.submitKey);
  const [key, setKey] = useState('');
  const inputId = useId();
  const helpId = useId();
  const errorId = useId();
  const checking = phase === 'checking';

  return (
    <main className="key-prompt">
      <form
        className="card"
        aria-labelledby="key-prompt-title"
        onSubmit={(event) => {
          event.preventDefault();
          void submitKey(key);
        }}
      >
        <h1 id="key-prompt-title">Switchyard</h1>
        <p>This dashboard manages the gateway, so it asks for the management key (not the client key your tools use).</p>
        <label htmlFor={inputId}>Management key</label>
        <input
          id={inputId}
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={key}
          disabled={checking}
          onChange={(event) => setKey(event.target.value)}
          aria-invalid={keyError ? true : undefined}
          aria-describedby={keyError ? `${helpId} ${errorId}` : helpId}
        />
        <p id={helpId} className="help">
          Run <code>switchyard dashboard</code> to open this page with the key filled in, or use the value of SWITCHYARD_MANAGEMENT_KEY. The key is kept for
          this tab only.
        </p>
        {keyError && (
          <p id={errorId} className="field-error" role="alert">
            {keyError}
          </p>
        )}
        <button type="submit" className="primary" disabled={checking}>
          {checking ? 'Checking…' : 'Open the dashboard'}
        </button>
      </form>
    </main>
  );
}
