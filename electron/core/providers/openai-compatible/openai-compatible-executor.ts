/** POST {baseUrl}/chat/completions through the shared undici pools. No format mapping here. */
import type { OpenAiCompatibleEntry } from '../../config/settings-schema.js';
import type { UpstreamCall } from '../provider.js';
import type { UpstreamHttp, UpstreamReply } from '../upstream-http.js';
import { entryHeaders } from './openai-compatible-auth.js';

/** `http://host:11434/v1` + `/chat/completions`, tolerating a trailing slash. */
export function entryUrl(entry: OpenAiCompatibleEntry, path: string): string {
  return `${entry.baseUrl.replace(/\/+$/, '')}${path}`;
}

export function executeOpenAiCompatible(http: UpstreamHttp, entry: OpenAiCompatibleEntry, call: UpstreamCall): Promise<UpstreamReply> {
  return http.request({
    url: entryUrl(entry, '/chat/completions'),
    headers: {
      ...entryHeaders(entry),
      'content-type': 'application/json',
      accept: call.stream ? 'text/event-stream' : 'application/json',
    },
    body: call.body,
    signal: call.signal,
  });
}
