// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTransport } from '../testing/fake-transport.js';
import { renderWithStores } from '../testing/render-with-stores.js';
import { healthSummary } from '../testing/sample-data.js';
import { HealthView } from './health-view.js';

afterEach(cleanup);

describe('the Health view', () => {
  it('runs the deep checks on opening and on demand, and shows checks pushed by events', async () => {
    let runs = 0;
    const transport = new FakeTransport({
      health: () => healthSummary(),
      deepHealth: () => {
        runs += 1;
        return { status: 'warn', checks: [{ name: 'vault', state: 'warn', detail: 'key file beside the vault' }, { name: 'settings', state: 'ok', detail: 'valid' }] };
      },
    });
    renderWithStores(<HealthView />, transport);
    expect(await screen.findByRole('rowheader', { name: 'vault' })).toBeTruthy();
    expect(screen.getByText('Something needs attention')).toBeTruthy();
    expect(screen.getByText('vault: key file beside the vault')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Run checks now' }));
    await waitFor(() => expect(runs).toBe(2));
    act(() => transport.emit('health', { status: 'ok', reasons: [], checks: [{ name: 'upstream local', state: 'ok', detail: 'reachable' }] }));
    expect(await screen.findByRole('rowheader', { name: 'upstream local' })).toBeTruthy();
    expect(screen.getByText('Everything works')).toBeTruthy();
    expect(screen.queryByRole('rowheader', { name: 'vault' })).toBeNull();
  });

  it('says a failure in words', async () => {
    const transport = new FakeTransport({ health: () => healthSummary() });
    renderWithStores(<HealthView />, transport);
    expect((await screen.findByRole('alert')).textContent).toContain('The fake has no answer for deepHealth.');
  });
});
