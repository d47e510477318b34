// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeTransport } from '../testing/fake-transport.js';
import { renderWithStores } from '../testing/render-with-stores.js';
import { healthSummary } from '../testing/sample-data.js';
import { toolSnippets } from './tool-snippets.js';
import { ToolsView } from './tools-view.js';

afterEach(cleanup);

const key = 'sy-client-key-0123456789abcdef';

describe('Connect your tools', () => {
  it('has a snippet for every tool the issue names, with endpoint and key filled in', () => {
    const snippets = toolSnippets('http://127.0.0.1:8317', key);
    expect(snippets.map((snippet) => snippet.name)).toEqual(['Claude Code', 'Codex CLI', 'OpenAI SDK', 'Anthropic SDK', 'Cursor', 'Cline', 'Continue', 'Aider']);
    for (const snippet of snippets) {
      expect(snippet.text, snippet.name).toContain('http://127.0.0.1:8317');
      expect(snippet.text, snippet.name).toContain(key);
    }
    expect(snippets[0].text).toContain('ANTHROPIC_BASE_URL=http://127.0.0.1:8317\nexport ANTHROPIC_AUTH_TOKEN=');
    expect(snippets[1].text).toContain('[model_providers.switchyard]');
    expect(snippets[1].text).toContain('base_url = "http://127.0.0.1:8317/v1"');
  });

  it('shows the key masked and copies the real one (in the app, the endpoint comes from the server)', async () => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (text: string) => void copied.push(text) } });
    const transport = new FakeTransport(
      {
        health: () => healthSummary({ url: 'http://127.0.0.1:9999' }),
        getClientKey: ({ reveal }) => ({ key: reveal ? key : '••••cdef', revealed: Boolean(reveal), source: 'vault' }),
      },
      'ipc',
    );
    renderWithStores(<ToolsView />, transport);
    const claudeCode = await screen.findByLabelText('Claude Code snippet');
    expect(claudeCode.textContent).toContain('ANTHROPIC_BASE_URL=http://127.0.0.1:9999');
    expect(claudeCode.textContent).toContain('••••cdef');
    expect(document.body.textContent).not.toContain(key);
    fireEvent.click(screen.getByRole('button', { name: 'Copy the Codex CLI snippet' }));
    await waitFor(() => expect(copied).toHaveLength(1));
    expect(copied[0]).toContain(`experimental_bearer_token = "${key}"`);
    fireEvent.click(screen.getByRole('button', { name: 'Show the key' }));
    await waitFor(() => expect(claudeCode.textContent).toContain(key));
  });
});
