import { describe, expect, it } from 'vitest';
import { BadRequestError, UpstreamHttpError } from '../errors/switchyard-error.js';
import { RefreshFailure } from './refresh-scheduler.js';
import { checkCodeExchange, describeErrorBody, readTokenAnswer, refreshAtTokenEndpoint, type TokenEndpointDialect, type TokenReply } from './token-endpoint-calls.js';

const reply = (status: number, body: unknown, headers: TokenReply['headers'] = {}): TokenReply => ({
  status,
  headers,
  text: typeof body === 'string' ? body : JSON.stringify(body),
});

const dialect: TokenEndpointDialect = {
  issuer: 'Example',
  describeError: (answer) => describeErrorBody(answer, ['error', ['error', 'type']], ['error_description', ['error', 'message']]),
  isTransient: (status) => status === 429 || status >= 500,
  retryAfterMs: (headers) => (headers['retry-after'] ? Number(headers['retry-after']) * 1000 : undefined),
};

describe('token endpoint calls', () => {
  it('describes OAuth and nested error bodies, else the status', () => {
    expect(dialect.describeError(reply(400, { error: 'invalid_grant', error_description: 'Refresh token not found' }))).toBe(
      'invalid_grant: Refresh token not found',
    );
    expect(dialect.describeError(reply(401, { error: { type: 'authentication_error', message: 'nope' } }))).toBe('authentication_error: nope');
    expect(dialect.describeError(reply(502, '<html>'))).toBe('HTTP 502');
  });

  it('refuses a failed code exchange: 5xx may be tried again, 4xx needs a new login', () => {
    expect(() => checkCodeExchange(reply(503, {}), dialect)).toThrow(UpstreamHttpError);
    expect(() => checkCodeExchange(reply(400, { error: 'invalid_grant' }), dialect)).toThrow(BadRequestError);
    expect(() => checkCodeExchange(reply(400, { error: 'invalid_grant' }), dialect)).toThrow('Example refused the authorization code (invalid_grant). Start a new login.');
    expect(() => checkCodeExchange(reply(200, {}), dialect)).not.toThrow();
  });

  it('turns every refresh failure into a RefreshFailure, permanent only for a refusal', async () => {
    const outcome = (send: () => Promise<TokenReply>) =>
      refreshAtTokenEndpoint(send, (answer) => readTokenAnswer(answer.text, 'Example', () => undefined), dialect).catch((error: unknown) => error);
    const unreachable = (await outcome(() => Promise.reject(new Error('ECONNREFUSED')))) as RefreshFailure;
    expect(unreachable).toMatchObject({ permanent: false, message: "Example's token endpoint is unreachable: ECONNREFUSED" });
    const limited = (await outcome(async () => reply(429, { error: 'slow_down' }, { 'retry-after': '7' }))) as RefreshFailure;
    expect(limited).toMatchObject({ permanent: false, retryAfterMs: 7000 });
    const refused = (await outcome(async () => reply(400, { error: 'invalid_grant' }))) as RefreshFailure;
    expect(refused).toBeInstanceOf(RefreshFailure);
    expect(refused).toMatchObject({ permanent: true, message: 'Example refused the refresh token (invalid_grant).' });
    const empty = (await outcome(async () => reply(200, {}))) as RefreshFailure;
    expect(empty).toMatchObject({ permanent: false, message: "Example's token endpoint answered without an access_token." });
  });

  it('registers the tokens of an answer as secrets and reads a positive expires_in', () => {
    const secrets: Array<string | undefined> = [];
    const answer = readTokenAnswer(JSON.stringify({ access_token: 'at', refresh_token: 'rt', expires_in: 60 }), 'Example', (value) => secrets.push(value));
    expect(answer).toMatchObject({ accessToken: 'at', refreshToken: 'rt', expiresInSeconds: 60 });
    expect(secrets).toEqual(['at', 'rt']);
    expect(readTokenAnswer(JSON.stringify({ access_token: 'at', expires_in: -1 }), 'Example', () => undefined).expiresInSeconds).toBeUndefined();
  });
});
