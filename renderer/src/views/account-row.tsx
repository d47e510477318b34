/** One account: who it is, its status, its quota windows, and what can be done with it. */
import { useState } from 'react';
import type { AccountSummary, ProviderSummary } from '../contract-types.js';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { ErrorMessage } from '../components/messages.js';
import { StatusLight } from '../components/status-light.js';
import { useProviders } from '../stores/app-stores-context.js';
import { accountStatusText, accountTone, quotaText } from './account-words.js';

export function AccountRow({ provider, account }: { provider: ProviderSummary; account: AccountSummary }) {
  const busy = useProviders((state) => state.busy[account.id]);
  const actionError = useProviders((state) => (state.actionError?.accountId === account.id ? state.actionError.message : undefined));
  const { setEnabled, resetCooldown, refreshQuota, removeAccount, startLogin } = useProviders((state) => state);
  const [confirming, setConfirming] = useState(false);
  const status = accountStatusText(account);
  const fromLogin = provider.accountSource === 'login';
  const name = account.email ?? account.label;
  const coolingDown = account.status === 'cooling-down' || account.cooldownUntil !== undefined;

  return (
    <li className="account" data-account={account.id} data-status={account.status}>
      <div className="account-head">
        <StatusLight state={accountTone(account)} label={status} />
        <div className="account-who">
          <strong>{name}</strong>
          {account.email && account.label !== account.email && <span className="muted"> {account.label}</span>}
          <div className="account-meta">
            {account.plan && <span className="badge">{account.plan}</span>}
            {account.organization && <span className="muted">{account.organization}</span>}
            <span className={`account-status tone-${accountTone(account)}`}>{status}</span>
          </div>
          {account.statusDetail && <p className="muted small">{account.statusDetail}</p>}
        </div>
      </div>
      {account.quota && account.quota.length > 0 && (
        <ul className="quota-list" aria-label={`Quota of ${name}`}>
          {account.quota.map((window) => (
            <li key={window.name} className="quota">
              <span className="small">{quotaText(window)}</span>
              {window.usedFraction !== undefined && <meter min={0} max={1} low={0.7} high={0.9} optimum={0} value={window.usedFraction} aria-label={quotaText(window)} />}
            </li>
          ))}
        </ul>
      )}
      <div className="button-row wrap">
        {busy && (
          <span className="muted small" role="status">
            {busy}
          </span>
        )}
        {fromLogin && account.status === 'needs-relogin' && (
          <button type="button" className="primary" disabled={Boolean(busy)} onClick={() => void startLogin(provider.id)}>
            Sign in again
          </button>
        )}
        <button type="button" disabled={Boolean(busy)} onClick={() => void setEnabled(account.id, account.disabled)}>
          {account.disabled ? 'Enable' : 'Disable'}
        </button>
        {coolingDown && (
          <button type="button" disabled={Boolean(busy)} onClick={() => void resetCooldown(account.id)}>
            Reset cooldown
          </button>
        )}
        {provider.canRefreshQuota && (
          <button type="button" disabled={Boolean(busy)} onClick={() => void refreshQuota(account.id)}>
            Refresh quota
          </button>
        )}
        <button type="button" className="danger" disabled={Boolean(busy)} onClick={() => setConfirming(true)}>
          {fromLogin ? 'Disconnect' : 'Remove'}
        </button>
      </div>
      {actionError && <ErrorMessage>{actionError}</ErrorMessage>}
      {confirming && (
        <ConfirmDialog
          title={fromLogin ? `Disconnect ${name}?` : `Remove ${name}?`}
          confirmLabel={fromLogin ? 'Disconnect' : 'Remove'}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            void removeAccount(account.id);
          }}
        >
          {fromLogin ? (
            <p>
              Switchyard forgets this {provider.displayName} account and deletes its tokens from this machine. Requests stop using it at once; you can connect
              it again later.
            </p>
          ) : (
            <p>Switchyard stops sending requests to this upstream and removes it from the settings.</p>
          )}
        </ConfirmDialog>
      )}
    </li>
  );
}
