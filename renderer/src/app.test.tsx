// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from './app.js';
import { createSessionStore } from './stores/session-store.js';
import { FakeTransport, refusal } from './testing/fake-transport.js';
import { claudeProvider, healthSummary } from './testing/sample-data.js';

afterEach(cleanup);

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value), removeItem: (key: string) => void values.delete(key) };
}

function session() {
  return createSessionStore({
    storage: memoryStorage(),
    location: { hash: '', pathname: '/', search: '' },
    replaceUrl: () => undefined,
    createHttpTransport: (key) =>
      new FakeTransport({
        health: () => {
          if (key !== 'sy-management') throw refusal('The management key is not valid for this Switchyard.', 401);
          return healthSummary();
        },
        listProviders: () => ({ providers: [claudeProvider()] }),
        listLogs: () => ({ entries: [], lastSeq: 0 }),
      }),
  });
}

describe('the dashboard app', () => {
  it('asks for the key, refuses a wrong one in words, and opens on Providers with the right one', async () => {
    render(<App session={session()} />);
    const field = screen.getByLabelText('Management key');
    fireEvent.change(field, { target: { value: 'sy-wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open the dashboard' }));
    expect((await screen.findByRole('alert')).textContent).toBe('The management key is not valid for this Switchyard.');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(field, { target: { value: 'sy-management' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open the dashboard' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Providers' })).toBeTruthy();
    expect(await screen.findByRole('region', { name: 'Claude Pro/Max' })).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Live updates: Live' })).toBeTruthy();
  });

  it('moves between views with the navigation, by mouse or arrow keys', async () => {
    const store = session();
    render(<App session={store} />);
    fireEvent.change(screen.getByLabelText('Management key'), { target: { value: 'sy-management' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open the dashboard' }));
    const nav = await screen.findByRole('navigation', { name: 'Dashboard' });
    fireEvent.click(within(nav).getByRole('button', { name: 'Live logs' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Live logs' })).toBeTruthy();
    expect(within(nav).getByRole('button', { name: 'Live logs' }).getAttribute('aria-current')).toBe('page');
    within(nav).getByRole('button', { name: 'Live logs' }).focus();
    fireEvent.keyDown(nav, { key: 'ArrowDown' });
    expect(document.activeElement?.textContent).toBe('Usage');
    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    expect(screen.getByLabelText('Management key')).toBeTruthy();
  });
});
