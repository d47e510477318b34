import { describe, expect, it } from 'vitest';
import { secretMask } from '../../../shared/contract.js';
import { maskSecret, maskSecrets, restoreMaskedSecrets } from './secret-mask.js';

const settings = {
  port: 8317,
  claudeTokenUrl: 'https://platform.claude.com/v1/oauth/token',
  openaiCompatible: [
    { name: 'a', baseUrl: 'http://a/v1', apiKey: 'sk-aaaaaaaaaaaaaaaa1111', headers: { authorization: 'Bearer xyz-secret-0000', 'x-title': 'me' } },
    { name: 'b', baseUrl: 'http://b/v1', apiKey: 'sk-bbbbbbbbbbbbbbbb2222' },
  ],
};

describe('secret masking', () => {
  it('masks keys and credential headers, and nothing else', () => {
    const masked = maskSecrets(settings) as typeof settings;
    expect(masked.claudeTokenUrl).toBe(settings.claudeTokenUrl);
    expect(masked.openaiCompatible[0].apiKey).toBe(`${secretMask}1111`);
    expect(masked.openaiCompatible[0].headers?.authorization).toBe(`${secretMask}0000`);
    expect(masked.openaiCompatible[0].headers?.['x-title']).toBe('me');
    expect(JSON.stringify(masked)).not.toContain('aaaaaaaaaaaaaaaa');
    expect(maskSecret('short')).toBe(secretMask);
  });

  it('restores masked values from the stored settings, matching list entries by name', () => {
    const masked = maskSecrets(settings) as typeof settings;
    const reordered = { openaiCompatible: [masked.openaiCompatible[1], { ...masked.openaiCompatible[0], baseUrl: 'http://a2/v1' }] };
    const restored = restoreMaskedSecrets(reordered, settings, '') as typeof reordered;
    expect(restored.openaiCompatible[0].apiKey).toBe('sk-bbbbbbbbbbbbbbbb2222');
    expect(restored.openaiCompatible[1]).toMatchObject({ apiKey: 'sk-aaaaaaaaaaaaaaaa1111', baseUrl: 'http://a2/v1', headers: { authorization: 'Bearer xyz-secret-0000' } });
  });

  it('refuses a masked value where no secret is stored', () => {
    expect(() => restoreMaskedSecrets({ openaiCompatible: [{ name: 'new', apiKey: `${secretMask}1234` }] }, settings, '')).toThrow(/openaiCompatible\[0\]\.apiKey/);
  });
});
