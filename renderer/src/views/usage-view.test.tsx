// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OperationInput } from '../../../shared/contract.js';
import type { UsageRow } from '../contract-types.js';
import { FakeTransport } from '../testing/fake-transport.js';
import { renderWithStores } from '../testing/render-with-stores.js';
import { usageRow, usageTotals } from '../testing/sample-data.js';
import { UsageView } from './usage-view.js';

afterEach(cleanup);

function setup() {
  let rows: UsageRow[] = [];
  const transport = new FakeTransport({
    queryUsage: (input: OperationInput<'queryUsage'>) => {
      const since = input.range?.since ?? 0;
      const until = input.range?.until ?? 1;
      const totals = usageTotals({ requests: rows.length, inputTokens: rows.length * 10, outputTokens: rows.length * 5, averageLatencyMs: rows.length ? 30 : 0 });
      const bucket = input.bucket ?? 'none';
      return { range: { since, until }, groupBy: input.groupBy ?? ['provider'], bucket, utcOffsetMinutes: 0, totals, rows: bucket === 'none' ? rows.map(({ bucketStart: _, ...row }) => row) : rows };
    },
    exportUsage: () => ({ format: 'csv', contentType: 'text/csv; charset=utf-8', filename: 'switchyard-usage-2025-01-01.csv', records: 1, body: 'time,model\n1,x\n' }),
  });
  const rendered = renderWithStores(<UsageView />, transport);
  return { transport, setRows: (next: UsageRow[]) => (rows = next), ...rendered };
}

describe('the Usage view', () => {
  it('says what to do when there is no usage, then shows totals and the breakdown as requests finish', async () => {
    const { transport, setRows } = setup();
    expect(await screen.findByText('No requests in this period')).toBeTruthy();
    expect(transport.callsOf('queryUsage')).toEqual([
      expect.objectContaining({ groupBy: ['provider'], bucket: 'hour' }),
      expect.objectContaining({ groupBy: ['provider'], bucket: 'none' }),
    ]);
    setRows([usageRow('claude', { bucketStart: Date.now() - 1_000 })]);
    act(() => transport.emit('usage', { time: Date.now(), requestId: 'r1', route: '/v1/messages', clientFormat: 'anthropic-messages', model: 'claude-sonnet-4-6', stream: false, status: 200, inputTokens: 10, outputTokens: 5, cachedTokens: 0, reasoningTokens: 0, estimated: false, latencyMs: 30, attempts: 1, fallbackUsed: false }));
    await waitFor(() => expect(screen.getByRole('rowheader', { name: 'claude' })).toBeTruthy());
    expect(screen.getByRole('figure').getAttribute('aria-label')).toContain('1 requests, 10 tokens in, 5 tokens out');
  });

  it('changes range and grouping, and exports CSV', async () => {
    const { transport } = setup();
    await screen.findByText('No requests in this period');
    fireEvent.click(screen.getByRole('button', { name: 'Last 7 days' }));
    fireEvent.change(screen.getByLabelText('Group by'), { target: { value: 'model' } });
    await waitFor(() => expect(transport.callsOf('queryUsage')).toContainEqual(expect.objectContaining({ groupBy: ['model'], bucket: 'day' })));
    const created = vi.fn(() => 'blob:usage');
    const revoke = vi.fn();
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: revoke });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(clicked).toHaveBeenCalled());
    expect(transport.callsOf('exportUsage')).toEqual([expect.objectContaining({ format: 'csv' })]);
    expect(created).toHaveBeenCalled();
    clicked.mockRestore();
  });
});
