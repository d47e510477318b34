/**
 * Redaction before any sink: known secrets (keys, tokens we hold) by value, plus anything shaped like
 * a bearer token, an Anthropic/OpenAI key, or a JWT. Header names that carry credentials are masked whole.
 */
export const redactedText = '[redacted]';

const sensitiveKeys = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'x-goog-api-key',
  'x-management-key',
  'cookie',
  'set-cookie',
  'api_key',
  'apikey',
  'apiKey',
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'id_token',
  'idToken',
  'token',
  'jwt',
  'password',
  'secret',
  'code_verifier',
  'credentials',
]);

// Token shapes: `Bearer x`, Anthropic/OpenAI/Switchyard keys, JWTs.
const tokenPattern =
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}|\b(?:sk-ant-[A-Za-z0-9_-]{8,}|sk-[A-Za-z0-9_-]{16,}|sym?-[0-9a-f]{32})\b|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Register a secret value so that it is masked wherever it appears. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 8) this.secrets.add(value);
  }

  redactString(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join(redactedText);
    }
    return result.replace(tokenPattern, (_match, bearer: string | undefined) => (bearer ? `${bearer}${redactedText}` : redactedText));
  }

  redact<Value>(value: Value): Value {
    return this.redactValue(value, 0) as Value;
  }

  private redactValue(value: unknown, depth: number): unknown {
    if (typeof value === 'string') return this.redactString(value);
    if (value === null || typeof value !== 'object' || depth > 8) return value;
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item, depth + 1));
    if (value instanceof Error) return { type: value.name, message: this.redactString(value.message) };
    const output: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      output[key] = sensitiveKeys.has(key) || sensitiveKeys.has(key.toLowerCase()) ? redactedText : this.redactValue(item, depth + 1);
    }
    return output;
  }
}
