/**
 * Adding an OpenAI-compatible upstream (Ollama, LM Studio, WebAI-to-API, gpt4free…): the URL is tested
 * (it must answer /models) before it can be saved; refusals are shown at the field they name.
 */
import { useId, useState, type ReactNode } from 'react';
import { openAiCompatibleNameSchema } from '../../../shared/contract-schemas.js';
import type { UpstreamTestResult } from '../contract-types.js';
import { ErrorMessage } from '../components/messages.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { useProviders } from '../stores/app-stores-context.js';
import { errorInWords, fieldOf } from '../transport/transport-error.js';

type FieldName = 'name' | 'baseUrl' | 'apiKey' | 'models';

const labels: Record<FieldName, string> = { name: 'Name', baseUrl: 'Base URL', apiKey: 'API key', models: 'Models' };

function checkDraft(name: string, baseUrl: string): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  if (!openAiCompatibleNameSchema.safeParse(name.trim()).success) errors.name = 'Name: use letters, digits, dot, dash or underscore.';
  let url: URL | undefined;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) errors.baseUrl = 'Base URL: enter an http:// or https:// address, e.g. http://127.0.0.1:11434/v1.';
  return errors;
}

function Field(props: { field: FieldName; help: string; error?: string; children: (id: string, describedBy: string) => ReactNode }) {
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{labels[props.field]}</label>
      {props.children(id, props.error ? `${helpId} ${errorId}` : helpId)}
      <span id={helpId} className="help">
        {props.help}
      </span>
      {props.error && (
        <span id={errorId} className="field-error" role="alert">
          {props.error}
        </span>
      )}
    </div>
  );
}

export function UpstreamForm({ onClose }: { onClose(): void }) {
  const { testUpstream, addUpstream } = useProviders((state) => state);
  const [draft, setDraft] = useState({ name: '', baseUrl: '', apiKey: '', models: '' });
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [tested, setTested] = useState<{ url: string; key: string; result: UpstreamTestResult } | undefined>();
  const [busy, setBusy] = useState<'testing' | 'saving' | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const testedOk = tested?.result.ok === true && tested.url === draft.baseUrl.trim() && tested.key === draft.apiKey;

  const change = (field: FieldName, value: string) => {
    setDraft((current) => ({ ...current, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const test = async () => {
    const found = checkDraft(draft.name || 'x', draft.baseUrl);
    setErrors(found);
    if (found.baseUrl) return;
    setBusy('testing');
    setFailure(undefined);
    try {
      const result = await testUpstream({ baseUrl: draft.baseUrl.trim(), ...(draft.apiKey ? { apiKey: draft.apiKey } : {}) });
      setTested({ url: draft.baseUrl.trim(), key: draft.apiKey, result });
    } catch (error) {
      setTested(undefined);
      const field = fieldOf(error);
      if (field === 'baseUrl' || field === 'apiKey') setErrors({ [field]: `${labels[field]}: ${errorInWords(error)}` });
      else setFailure(errorInWords(error));
    } finally {
      setBusy(undefined);
    }
  };

  const save = async () => {
    const found = checkDraft(draft.name, draft.baseUrl);
    setErrors(found);
    if (Object.keys(found).length > 0 || !testedOk) return;
    setBusy('saving');
    setFailure(undefined);
    const models = draft.models
      .split(',')
      .map((model) => model.trim())
      .filter(Boolean);
    try {
      await addUpstream({ name: draft.name.trim(), baseUrl: draft.baseUrl.trim(), ...(draft.apiKey ? { apiKey: draft.apiKey } : {}), ...(models.length ? { models } : {}) });
      onClose();
    } catch (error) {
      const field = fieldOf(error, 'entry') as FieldName | undefined;
      if (field && field in labels) setErrors({ [field]: `${labels[field]}: ${errorInWords(error)}` });
      else setFailure(errorInWords(error));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <ModalDialog title="Add an OpenAI-compatible upstream" onClose={onClose}>
      <p className="terms">The service's own terms apply to what you send through it.</p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void (testedOk ? save() : test());
        }}
      >
        <Field field="name" help="Models are then named name/model, e.g. local/llama3.2." error={errors.name}>
          {(id, describedBy) => <input id={id} value={draft.name} aria-describedby={describedBy} aria-invalid={errors.name ? true : undefined} onChange={(event) => change('name', event.target.value)} />}
        </Field>
        <Field field="baseUrl" help="Where it answers /models, e.g. http://127.0.0.1:11434/v1 for Ollama." error={errors.baseUrl}>
          {(id, describedBy) => (
            <input id={id} type="url" inputMode="url" value={draft.baseUrl} aria-describedby={describedBy} aria-invalid={errors.baseUrl ? true : undefined} onChange={(event) => change('baseUrl', event.target.value)} />
          )}
        </Field>
        <Field field="apiKey" help="Optional; kept encrypted and never shown again." error={errors.apiKey}>
          {(id, describedBy) => <input id={id} type="password" autoComplete="off" value={draft.apiKey} aria-describedby={describedBy} onChange={(event) => change('apiKey', event.target.value)} />}
        </Field>
        <Field field="models" help="Optional, comma-separated; by default Switchyard asks the upstream." error={errors.models}>
          {(id, describedBy) => <input id={id} value={draft.models} aria-describedby={describedBy} onChange={(event) => change('models', event.target.value)} />}
        </Field>
        {tested && (tested.result.ok ? (
          <p className="message message-success" role="status">
            It answered with {tested.result.models.length} model{tested.result.models.length === 1 ? '' : 's'}
            {tested.result.models.length > 0 ? `: ${tested.result.models.slice(0, 6).join(', ')}${tested.result.models.length > 6 ? '…' : ''}` : ''}.
          </p>
        ) : (
          <ErrorMessage>It did not answer as an OpenAI-compatible server: {tested.result.detail}</ErrorMessage>
        ))}
        {failure && <ErrorMessage>{failure}</ErrorMessage>}
        <div className="button-row">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" disabled={busy !== undefined} onClick={() => void test()}>
            {busy === 'testing' ? 'Testing…' : 'Test connection'}
          </button>
          <button type="button" className="primary" disabled={!testedOk || busy !== undefined} onClick={() => void save()} title={testedOk ? undefined : 'Test the connection first'}>
            {busy === 'saving' ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
