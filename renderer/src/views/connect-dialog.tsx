/**
 * Connecting an account: the provider's terms, the sign-in page to open, progress until the account
 * appears (the `login` events say so), and the manual-completion box for machines whose browser cannot
 * reach Switchyard's loopback listener.
 */
import { useId, useState } from 'react';
import { CopyButton } from '../components/copy-button.js';
import { ErrorMessage } from '../components/messages.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { useProviders } from '../stores/app-stores-context.js';
import type { LoginFlow } from '../stores/providers-store.js';
import { formatTime } from './account-words.js';

function ManualCompletion({ login }: { login: LoginFlow }) {
  const completeLogin = useProviders((state) => state.completeLogin);
  const [pasted, setPasted] = useState('');
  const inputId = useId();
  const errorId = useId();
  const listening = login.start?.listening ?? true;
  return (
    <details className="manual" open={!listening}>
      <summary>Signing in on another machine, or the page could not reach Switchyard?</summary>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void completeLogin(pasted);
        }}
      >
        <label htmlFor={inputId}>Paste the address your browser ended on, or the code the page showed (code#state)</label>
        <input
          id={inputId}
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={pasted}
          onChange={(event) => setPasted(event.target.value)}
          aria-invalid={login.manualError ? true : undefined}
          aria-describedby={login.manualError ? errorId : undefined}
        />
        {login.manualError && (
          <p id={errorId} className="field-error" role="alert">
            {login.manualError}
          </p>
        )}
        <button type="submit" disabled={login.phase === 'completing'}>
          {login.phase === 'completing' ? 'Completing…' : 'Complete sign-in'}
        </button>
      </form>
    </details>
  );
}

function PendingSteps({ login }: { login: LoginFlow }) {
  const start = login.start;
  if (!start) return null;
  return (
    <>
      <ol className="steps">
        <li>
          <a className="button primary" href={start.url} target="_blank" rel="noopener noreferrer">
            Open the sign-in page
          </a>{' '}
          <CopyButton what="the sign-in address" text={() => start.url} label="Copy address" />
          <span className="block muted small">Approve access there; the page then sends you back to Switchyard.</span>
        </li>
        <li>Come back here: this window notices when the account appears.</li>
      </ol>
      <p className="progress" role="status">
        <span className="spinner" aria-hidden="true" /> Waiting for you to finish signing in (until {formatTime(start.expiresAt)})…
      </p>
      {!start.listening && (
        <p className="message message-warn">
          {start.listenerError ?? 'Switchyard could not listen for the browser on this machine.'} Complete the sign-in by pasting the address below.
        </p>
      )}
      <ManualCompletion login={login} />
    </>
  );
}

export function ConnectDialog() {
  const login = useProviders((state) => state.login);
  const provider = useProviders((state) => state.providers.find((candidate) => candidate.id === state.login?.providerId));
  const { cancelLogin, dismissLogin, startLogin } = useProviders((state) => state);
  if (!login) return null;
  const name = provider?.displayName ?? login.providerId;
  const finished = login.phase === 'completed' || login.phase === 'failed' || login.phase === 'cancelled';
  const close = () => void (finished ? dismissLogin() : cancelLogin());
  const account = login.account;

  return (
    <ModalDialog title={`Connect ${name}`} onClose={close} className="connect-dialog">
      <p className="terms">{login.start?.termsNotice ?? `${name}'s terms apply to the account you connect and to everything Switchyard sends with it.`}</p>
      {login.phase === 'starting' && (
        <p className="progress" role="status">
          <span className="spinner" aria-hidden="true" /> Preparing the sign-in page…
        </p>
      )}
      {(login.phase === 'pending' || login.phase === 'completing') && <PendingSteps login={login} />}
      {login.phase === 'completed' && (
        <p className="message message-success" role="status">
          Connected {account?.email ?? account?.label ?? 'the account'}
          {account?.plan ? ` (${account.plan})` : ''}. Requests for {name} models now use it.
        </p>
      )}
      {(login.phase === 'failed' || login.phase === 'cancelled') && (
        <ErrorMessage onRetry={() => void startLogin(login.providerId)}>{login.error ?? 'The sign-in did not complete.'}</ErrorMessage>
      )}
      <div className="button-row">
        <button type="button" className={finished ? 'primary' : undefined} onClick={close}>
          {finished ? 'Done' : 'Cancel'}
        </button>
      </div>
    </ModalDialog>
  );
}
