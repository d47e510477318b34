/** Providers: one card per provider, the connect dialog, and the OpenAI-compatible upstream form. */
import { useState } from 'react';
import { ErrorMessage, Loading, Notice } from '../components/messages.js';
import { useProviders } from '../stores/app-stores-context.js';
import { ConnectDialog } from './connect-dialog.js';
import { ProviderCard } from './provider-card.js';
import { UpstreamForm } from './upstream-form.js';

export function ProvidersView() {
  const { providers, status, error, notice, load, dismissNotice } = useProviders((state) => state);
  const [addingUpstream, setAddingUpstream] = useState(false);

  return (
    <div className="view providers-view">
      <div className="view-header">
        <h1>Providers</h1>
        <p className="muted">Connect the subscriptions and servers Switchyard forwards requests to.</p>
      </div>
      {notice && <Notice onDismiss={dismissNotice}>{notice}</Notice>}
      {error && <ErrorMessage onRetry={() => void load()}>{error}</ErrorMessage>}
      {(status === 'idle' || status === 'loading') && <Loading what="providers" />}
      {status === 'ready' && providers.length === 0 && <ErrorMessage>This Switchyard has no providers registered.</ErrorMessage>}
      <div className="card-grid">
        {providers.map((provider) => (
          <ProviderCard key={provider.id} provider={provider} onAddUpstream={() => setAddingUpstream(true)} />
        ))}
      </div>
      <ConnectDialog />
      {addingUpstream && <UpstreamForm onClose={() => setAddingUpstream(false)} />}
    </div>
  );
}
