import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeTempHome } from '../../../test/helpers/start-switchyard.js';
import { Switchyard } from '../switchyard.js';
import { entrySecrets } from './openai-compatible-operations.js';

describe('OpenAI-compatible entry secrets', () => {
  it('are the key and every header value', () => {
    expect(entrySecrets({ apiKey: 'sk-upstream', headers: { 'x-upstream-token': 'token-1', 'x-title': 'me' } })).toEqual(['sk-upstream', 'token-1', 'me']);
    expect(entrySecrets({ apiKey: null, headers: null })).toEqual([]);
  });

  it('keeps a header value configured at start-up out of the logs', async () => {
    const home = makeTempHome();
    const headerValue = 'hdr-secret-5f3a9c1e';
    const entries = [{ name: 'local', baseUrl: 'http://127.0.0.1:9/v1', headers: { 'x-upstream-token': headerValue } }];
    const switchyard = await Switchyard.create({
      environment: { SWITCHYARD_HOME: home, SWITCHYARD_KEYRING: 'off', SWITCHYARD_OPENAI_COMPATIBLE: JSON.stringify(entries) },
      home,
    });
    try {
      switchyard.logs.logger.warn({ upstreamReply: `echoed ${headerValue}` }, `rejected ${headerValue}`);
      const entry = switchyard.ringBuffer.list().at(-1);
      expect(entry?.message).toBe('rejected [redacted]');
      expect(entry?.fields).toEqual({ upstreamReply: 'echoed [redacted]' });
    } finally {
      await switchyard.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
