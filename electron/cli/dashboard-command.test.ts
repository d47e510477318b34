import { describe, expect, it } from 'vitest';
import { browserOpener, dashboardLink } from './dashboard-command.js';

describe('switchyard dashboard', () => {
  it('puts the management key in the fragment, never the query', () => {
    const link = dashboardLink('http://127.0.0.1:8317/', 'sy-mgmt+key/=');
    expect(link).toBe('http://127.0.0.1:8317/#key=sy-mgmt%2Bkey%2F%3D');
    expect(new URL(link).search).toBe('');
    expect(new URLSearchParams(new URL(link).hash.slice(1)).get('key')).toBe('sy-mgmt+key/=');
  });

  it('opens the link with the platform opener', () => {
    expect(browserOpener('linux', 'http://x/')).toEqual({ command: 'xdg-open', args: ['http://x/'] });
    expect(browserOpener('darwin', 'http://x/')).toEqual({ command: 'open', args: ['http://x/'] });
    expect(browserOpener('win32', 'http://x/').args.at(-1)).toBe('http://x/');
  });
});
