/** One provider: its status light, what it says about itself, its accounts, and how to add one. */
import type { ProviderSummary } from '../contract-types.js';
import { EmptyState } from '../components/messages.js';
import { StatusLight } from '../components/status-light.js';
import { useProviders } from '../stores/app-stores-context.js';
import { AccountRow } from './account-row.js';

/** The provider whose upstreams are added with the OpenAI-compatible form (the contract's addOpenAiCompatible). */
export const openAiCompatibleProviderId = 'openai-compatible';

export function ProviderCard({ provider, onAddUpstream }: { provider: ProviderSummary; onAddUpstream(): void }) {
  const startLogin = useProviders((state) => state.startLogin);
  const fromLogin = provider.accountSource === 'login';
  const headingId = `provider-${provider.id}`;

  return (
    <section className="card provider-card" aria-labelledby={headingId} data-provider={provider.id} data-state={provider.state}>
      <header className="card-header">
        <StatusLight state={provider.state} />
        <div className="card-title">
          <h2 id={headingId}>{provider.displayName}</h2>
          <p className="muted small">{provider.stateDetail}</p>
        </div>
        {fromLogin && (
          <button type="button" className="primary" onClick={() => void startLogin(provider.id)} aria-label={`Connect a ${provider.displayName} account`}>
            Connect
          </button>
        )}
        {provider.id === openAiCompatibleProviderId && (
          <button type="button" className="primary" onClick={onAddUpstream}>
            Add upstream
          </button>
        )}
      </header>
      {provider.accounts.length === 0 ? (
        <EmptyState title={fromLogin ? 'No account connected' : 'No upstream yet'}>
          {fromLogin
            ? `Choose Connect and sign in with your ${provider.displayName} subscription; requests for its models then go through it.`
            : 'Add a local or hosted OpenAI-compatible server (Ollama, LM Studio, WebAI-to-API, gpt4free…) with Add upstream.'}
        </EmptyState>
      ) : (
        <ul className="account-list" aria-label={`${provider.displayName} accounts`}>
          {provider.accounts.map((account) => (
            <AccountRow key={account.id} provider={provider} account={account} />
          ))}
        </ul>
      )}
    </section>
  );
}
