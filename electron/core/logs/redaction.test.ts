import { describe, expect, it } from 'vitest';
import { Redactor, redactedText } from './redaction.js';

describe('redaction', () => {
  const redactor = new Redactor();
  redactor.addSecret('my-registered-secret-value');

  it('masks credential headers whole', () => {
    expect(redactor.redact({ headers: { authorization: 'Bearer abc', cookie: 'a=b', 'x-api-key': 'k' } })).toEqual({
      headers: { authorization: redactedText, cookie: redactedText, 'x-api-key': redactedText },
    });
  });

  it('masks tokens, keys and JWTs inside free text', () => {
    const text = redactor.redactString(
      'Bearer abcdefghijkl sk-ant-oat01-AAAAAAAAAAAA sk-proj-1234567890abcdefgh eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.sig sy-0123456789abcdef0123456789abcdef',
    );
    expect(text).not.toMatch(/abcdefghijkl|sk-ant|sk-proj|eyJ|sy-0123/);
  });

  it('masks registered secrets wherever they appear', () => {
    expect(redactor.redact({ note: 'x my-registered-secret-value y' })).toEqual({ note: `x ${redactedText} y` });
  });
});
