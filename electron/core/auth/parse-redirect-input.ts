/**
 * Manual completion of an OAuth login (headless machines): what the user pastes back. Accepted shapes:
 * - `{url: "http://localhost:54545/callback?code=…&state=…"}`: the address the browser ended on;
 * - `{code: "<code>#<state>"}`: what Anthropic's manual page shows (the `#state` part wins over `state`);
 * - `{code, state}`: the two values apart (also what the loopback listener and GET callback receive).
 * A redirect that carries `error`/`error_description` becomes an `error` result, so the login can end with that message.
 */
import { isRecord, trimmedString } from '../canonical/json-values.js';
import { BadRequestError } from '../errors/switchyard-error.js';

export type RedirectInput =
  | { kind: 'code'; code: string; state: string }
  | { kind: 'error'; error: string; description?: string; state?: string };

export interface RawRedirectInput {
  url?: unknown;
  code?: unknown;
  state?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/** `code#state` (or a bare code, whose state must come from elsewhere). */
function splitCode(raw: string, state: string | undefined): { code: string; state: string | undefined } {
  const hash = raw.indexOf('#');
  if (hash < 0) return { code: raw, state };
  const fragmentState = raw.slice(hash + 1).trim();
  return { code: raw.slice(0, hash).trim(), state: fragmentState || state };
}

/** Query parameters of a pasted URL; parameters in the fragment count too (some pages put them there). */
function parametersOfUrl(raw: string): URLSearchParams | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  const parameters = new URLSearchParams(url.search);
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  for (const [key, value] of fragment) if (!parameters.has(key)) parameters.set(key, value);
  return parameters;
}

function fromParameters(source: RawRedirectInput, param: string): RedirectInput {
  const error = trimmedString(source.error);
  const state = trimmedString(source.state);
  if (error) {
    const description = trimmedString(source.error_description);
    return { kind: 'error', error, ...(description ? { description } : {}), ...(state ? { state } : {}) };
  }
  const rawCode = trimmedString(source.code);
  if (!rawCode) throw new BadRequestError(`No authorization code found in "${param}": paste the whole redirect URL or "code#state".`, param);
  const split = splitCode(rawCode, state);
  if (!split.code) throw new BadRequestError(`The authorization code in "${param}" is empty.`, param);
  if (!split.state) throw new BadRequestError(`No state found with the code: send "code#state", or the whole redirect URL.`, param);
  return { kind: 'code', code: split.code, state: split.state };
}

export function parseRedirectInput(input: unknown): RedirectInput {
  if (typeof input === 'string') return parseRedirectInput({ url: input });
  if (!isRecord(input)) {
    throw new BadRequestError('Send a JSON object: {"url": "<redirect URL>"} or {"code": "<code>#<state>"}.');
  }
  const source = input as RawRedirectInput;
  const url = trimmedString(source.url);
  if (url !== undefined) {
    const parameters = parametersOfUrl(url);
    // A pasted `code#state` in the url field is accepted as such.
    if (!parameters) return fromParameters({ code: url, state: source.state }, 'url');
    return fromParameters(
      {
        code: parameters.get('code') ?? undefined,
        state: parameters.get('state') ?? undefined,
        error: parameters.get('error') ?? undefined,
        error_description: parameters.get('error_description') ?? undefined,
      },
      'url',
    );
  }
  if (source.url !== undefined && typeof source.url !== 'string') throw new BadRequestError('"url" must be a string.', 'url');
  return fromParameters(source, 'code');
}
