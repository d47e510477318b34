// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTransport } from '../testing/fake-transport.js';
import { renderWithStores } from '../testing/render-with-stores.js';
import { logEntry, requestLine } from '../testing/sample-data.js';
import { LogsView } from './logs-view.js';
import { maskSecretFields } from './log-row.js';

afterEach(cleanup);

function setup() {
  const transport = new FakeTransport({ listLogs: () => ({ entries: [], lastSeq: 0 }) });
  const rendered = renderWithStores(<LogsView />, transport);
  void rendered.stores.logs.getState().load();
  return { transport, ...rendered };
}

describe('the Live logs view', () => {
  it('says what to do while empty, then shows lines as they arrive, newest first', async () => {
    const { transport } = setup();
    expect(await screen.findByText('No log lines yet')).toBeTruthy();
    act(() => transport.emit('log', requestLine('claude-sonnet-4-6', 'claude')));
    act(() => transport.emit('log', requestLine('local/qwen3', 'openai-compatible')));
    const lines = within(screen.getByRole('list', { name: 'Log lines, newest first' })).getAllByRole('listitem');
    expect(lines).toHaveLength(2);
    expect(lines[0].textContent).toContain('local/qwen3');
  });

  it('filters by provider and text', async () => {
    const { transport } = setup();
    act(() => {
      transport.emit('log', requestLine('claude-sonnet-4-6', 'claude'));
      transport.emit('log', requestLine('local/qwen3', 'openai-compatible'));
      transport.emit('log', logEntry({ message: 'settings updated' }));
    });
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'claude' } });
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'settings' } });
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([expect.stringContaining('settings updated')]);
    fireEvent.change(screen.getByLabelText('Search'), { target: { value: 'nothing like it' } });
    expect(screen.getByText('Nothing matches')).toBeTruthy();
  });

  it('pauses and resumes, counting what waits', async () => {
    const { transport } = setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Pause' }));
    act(() => transport.emit('log', requestLine('claude-sonnet-4-6', 'claude')));
    expect(screen.queryAllByRole('listitem')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Resume (1 new)' }));
    expect(screen.getAllByRole('listitem')).toHaveLength(1);
  });

  it('expands a line to its fields, masking anything named like a secret', async () => {
    const { transport } = setup();
    act(() => transport.emit('log', requestLine('claude-sonnet-4-6', 'claude', { authorization: 'Bearer sk-ant-oat01-secret', usage: { inputTokens: 9 } })));
    const toggle = screen.getByRole('button', { expanded: false });
    fireEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const detail = document.getElementById(toggle.getAttribute('aria-controls') ?? '');
    expect(detail?.textContent).toContain('claude-sonnet-4-6');
    expect(detail?.textContent).toContain('"inputTokens": 9');
    expect(detail?.textContent).not.toContain('sk-ant-oat01-secret');
    expect(maskSecretFields({ headers: { 'x-api-key': 'k', accept: 'json' }, refresh_token: 'r' })).toEqual({ headers: { 'x-api-key': '••••', accept: 'json' }, refresh_token: '••••' });
  });
});
