/** The client API key: masked, revealed on request, copied, rotated (after a warning). */
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { CopyButton } from '../components/copy-button.js';
import { ErrorMessage } from '../components/messages.js';
import { useAppStores, useSettings } from '../stores/app-stores-context.js';

export function ClientKeyPanel() {
  const { transport } = useAppStores();
  const { clientKey, keyBusy, keyError, loadKey, rotateKey } = useSettings((state) => state);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    void loadKey(false);
  }, [loadKey]);

  const fromEnv = clientKey?.source === 'env';
  return (
    <section className="card" aria-labelledby="client-key-title">
      <div className="card-header">
        <div className="card-title">
          <h2 id="client-key-title">Client API key</h2>
          <p className="muted small">Your tools send this key with every request. It never leaves this machine.</p>
        </div>
      </div>
      <p className="key-line">
        <span className="muted small">Key: </span>
        <code className="key">{clientKey?.key ?? '…'}</code>
      </p>
      <div className="button-row wrap">
        <button type="button" disabled={keyBusy} aria-pressed={clientKey?.revealed ?? false} onClick={() => void loadKey(!clientKey?.revealed)}>
          {clientKey?.revealed ? 'Hide' : 'Reveal'}
        </button>
        <CopyButton what="the client key" text={async () => (await transport.call('getClientKey', { reveal: true })).key} />
        <button type="button" className="danger" disabled={keyBusy || fromEnv} onClick={() => setConfirming(true)}>
          Rotate
        </button>
      </div>
      {fromEnv && <p className="muted small">This key comes from SWITCHYARD_API_KEY; change it there to rotate it.</p>}
      {keyError && <ErrorMessage>{keyError}</ErrorMessage>}
      {confirming && (
        <ConfirmDialog
          title="Rotate the client key?"
          confirmLabel="Rotate"
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void rotateKey();
          }}
        >
          <p>The current key stops working at once: every tool using it needs the new key (see Connect your tools).</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
