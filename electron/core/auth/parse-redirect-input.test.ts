import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors/switchyard-error.js';
import { parseRedirectInput } from './parse-redirect-input.js';

describe('parseRedirectInput', () => {
  it('reads a pasted redirect URL', () => {
    expect(parseRedirectInput({ url: 'http://localhost:54545/callback?code=abc&state=xyz' })).toEqual({ kind: 'code', code: 'abc', state: 'xyz' });
    expect(parseRedirectInput(' http://localhost:54545/callback?code=a%2Bb&state=s ')).toEqual({ kind: 'code', code: 'a+b', state: 's' });
  });

  it('reads code#state, where the fragment wins over a separate state', () => {
    expect(parseRedirectInput({ code: 'abc#xyz' })).toEqual({ kind: 'code', code: 'abc', state: 'xyz' });
    expect(parseRedirectInput({ code: 'abc#xyz', state: 'other' })).toEqual({ kind: 'code', code: 'abc', state: 'xyz' });
    expect(parseRedirectInput({ url: 'abc#xyz' })).toEqual({ kind: 'code', code: 'abc', state: 'xyz' });
  });

  it('reads code and state given apart', () => {
    expect(parseRedirectInput({ code: 'abc', state: 'xyz' })).toEqual({ kind: 'code', code: 'abc', state: 'xyz' });
  });

  it('turns an error redirect into an error result', () => {
    expect(parseRedirectInput({ url: 'http://localhost:1/callback?error=access_denied&error_description=No&state=s' })).toEqual({
      kind: 'error',
      error: 'access_denied',
      description: 'No',
      state: 's',
    });
  });

  it('names the field at fault', () => {
    const failure = (input: unknown) => {
      try {
        parseRedirectInput(input);
      } catch (error) {
        return error as BadRequestError;
      }
      throw new Error('expected a failure');
    };
    expect(failure({ code: 'abc' }).param).toBe('code');
    expect(failure({ url: 'http://localhost:1/callback?state=s' }).param).toBe('url');
    expect(failure({ url: 42 }).param).toBe('url');
    expect(failure([])).toBeInstanceOf(BadRequestError);
    expect(failure({ code: '#state' }).message).toContain('empty');
  });
});
