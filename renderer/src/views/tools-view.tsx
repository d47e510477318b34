/**
 * Connect your tools: a snippet per tool with the endpoint and the client key filled in. The key is shown
 * masked until asked for; the copy buttons always copy the real key.
 */
import { useEffect, useState } from 'react';
import { CopyButton } from '../components/copy-button.js';
import { ErrorMessage, Loading } from '../components/messages.js';
import { useAppStores, useHealth, useSettings } from '../stores/app-stores-context.js';
import { toolSnippets } from './tool-snippets.js';

export function ToolsView() {
  const { transport } = useAppStores();
  const summary = useHealth((state) => state.summary);
  const loadSummary = useHealth((state) => state.loadSummary);
  const maskedKey = useSettings((state) => state.clientKey?.key);
  const loadKey = useSettings((state) => state.loadKey);
  const [revealedKey, setRevealedKey] = useState<string | undefined>();
  const [showKey, setShowKey] = useState(false);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    void loadKey(false);
  }, [loadKey]);

  // Apart from the key effect: a health reload must not refetch the key.
  useEffect(() => {
    if (!summary) void loadSummary();
  }, [loadSummary, summary]);

  // In a browser the page's own origin is the endpoint; in the app, the server says where it listens.
  const endpoint = transport.kind === 'http' && typeof location !== 'undefined' ? location.origin : summary?.url;

  const realKey = async (): Promise<string> => {
    if (revealedKey) return revealedKey;
    try {
      const { key } = await transport.call('getClientKey', { reveal: true });
      setRevealedKey(key);
      return key;
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
      throw failure;
    }
  };

  const toggleKey = async () => {
    if (!showKey) await realKey().catch(() => undefined);
    setShowKey(!showKey);
  };

  if (!endpoint || !maskedKey) {
    return (
      <div className="view tools-view">
        <h1>Connect your tools</h1>
        {error ? <ErrorMessage>{error}</ErrorMessage> : <Loading what="the endpoint and key" />}
      </div>
    );
  }
  const shownKey = showKey && revealedKey ? revealedKey : maskedKey;

  return (
    <div className="view tools-view">
      <div className="view-header">
        <h1>Connect your tools</h1>
        <p className="muted">
          Point each tool at <code>{endpoint}</code> with the client key. Any model id from <code>{endpoint}/v1/models</code> works where a model is named.
        </p>
      </div>
      <div className="button-row">
        <button type="button" aria-pressed={showKey} onClick={() => void toggleKey()}>
          {showKey ? 'Hide the key' : 'Show the key'}
        </button>
        <CopyButton what="the client key" text={realKey} label="Copy the key" />
      </div>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <div className="snippet-grid">
        {toolSnippets(endpoint, shownKey).map((snippet) => (
          <section key={snippet.id} className="card snippet" aria-labelledby={`snippet-${snippet.id}`} data-tool={snippet.id}>
            <div className="card-header">
              <div className="card-title">
                <h2 id={`snippet-${snippet.id}`}>{snippet.name}</h2>
                <p className="muted small">{snippet.where}</p>
              </div>
              <CopyButton what={`the ${snippet.name} snippet`} text={async () => toolSnippets(endpoint, await realKey()).find((item) => item.id === snippet.id)?.text ?? ''} />
            </div>
            <pre className={`code language-${snippet.language}`} tabIndex={0} aria-label={`${snippet.name} snippet`}>
              <code>{snippet.text}</code>
            </pre>
          </section>
        ))}
      </div>
    </div>
  );
}
