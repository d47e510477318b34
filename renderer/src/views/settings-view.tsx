/** Settings: port, log level, timeouts, aliases, fallback chains and strategies; refusals named by field. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { settingEnvName } from '../../../shared/settings-names.js';
import { ErrorMessage, Loading, Notice } from '../components/messages.js';
import { useSettings } from '../stores/app-stores-context.js';
import { formatField, settingFields, type SettingField } from '../stores/settings-fields.js';
import { ClientKeyPanel } from './client-key-panel.js';

function SettingInput(props: { field: SettingField; value: string; error?: string; locked: boolean; onChange(value: string): void }) {
  const { field, value, error, locked, onChange } = props;
  const id = useId();
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const common = {
    id,
    name: field.key,
    disabled: locked,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${helpId} ${errorId}` : helpId,
  };
  return (
    <div className="field" data-field={field.key}>
      <label htmlFor={id}>{field.label}</label>
      {field.kind === 'select' ? (
        <select {...common} value={value} onChange={(event) => onChange(event.target.value)}>
          {field.options?.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      ) : field.kind === 'integer' ? (
        <input {...common} type="text" inputMode="numeric" value={value} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <textarea {...common} rows={3} spellCheck={false} value={value} onChange={(event) => onChange(event.target.value)} />
      )}
      <span id={helpId} className="help">
        {locked ? `Set by ${settingEnvName(field.key)} in the environment; change it there.` : field.help}
      </span>
      {error && (
        <span id={errorId} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function SettingsView() {
  const { view, status, error, saving, fieldErrors, saveMessage, saveError, load, save } = useSettings((state) => state);
  const [drafts, setDrafts] = useState<Record<string, string>>({});

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    if (!view) return;
    setDrafts(Object.fromEntries(settingFields.map((field) => [field.key, formatField(field, view.settings[field.key])])));
  }, [view]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save(drafts);
  };

  const sections = [...new Set(settingFields.map((field) => field.section))];
  return (
    <div className="view settings-view">
      <div className="view-header">
        <h1>Settings</h1>
        <p className="muted">{view ? `Saved in ${view.path}.` : 'How Switchyard listens, routes and waits.'}</p>
      </div>
      <ClientKeyPanel />
      {error && <ErrorMessage onRetry={() => void load()}>{error}</ErrorMessage>}
      {status === 'loading' && <Loading what="settings" />}
      {view && (
        <form className="form card" onSubmit={submit} noValidate aria-label="Settings">
          {sections.map((section) => (
            <fieldset key={section}>
              <legend>{section}</legend>
              {settingFields
                .filter((field) => field.section === section)
                .map((field) => (
                  <SettingInput
                    key={field.key}
                    field={field}
                    value={drafts[field.key] ?? ''}
                    error={fieldErrors[field.key]}
                    locked={view.envOverridden.includes(field.key)}
                    onChange={(value) => setDrafts((current) => ({ ...current, [field.key]: value }))}
                  />
                ))}
            </fieldset>
          ))}
          {Object.keys(fieldErrors).length > 0 && <ErrorMessage>Nothing was saved: fix the fields marked above.</ErrorMessage>}
          {saveError && <ErrorMessage>{saveError}</ErrorMessage>}
          {saveMessage && <Notice>{saveMessage}</Notice>}
          <div className="button-row">
            <button type="submit" className="primary" disabled={saving}>
              {saving ? 'Saving…' : 'Save settings'}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
