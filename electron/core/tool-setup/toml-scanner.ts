/**
 * The lexical half of the strict TOML reader (toml-document.ts): positions and lines, whitespace and
 * comments, keys, strings with their escapes, numbers and dates. Strict: what TOML 1.0 refuses, it refuses.
 */
export class TomlParseError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line + 1})`);
    this.name = 'TomlParseError';
  }
}

const bareKey = /^[A-Za-z0-9_-]$/;
const numberPatterns = [
  /^[+-]?(0|[1-9](_?\d)*)$/,
  /^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*$/,
  /^0o[0-7](_?[0-7])*$/,
  /^0b[01](_?[01])*$/,
];
const floatPattern = /^[+-]?(0|[1-9](_?\d)*)(\.\d(_?\d)*)?([eE][+-]?\d(_?\d)*)?$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
const timePattern = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?$/;
const dateTimePattern = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)([Zz]|[+-]\d{2}:\d{2})?$/;
const escapes: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

function isControl(character: string): boolean {
  const code = character.charCodeAt(0);
  return (code <= 0x1f && code !== 0x09) || code === 0x7f;
}

export class TomlScanner {
  protected pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(protected readonly source: string) {
    for (let index = 0; index < source.length; index += 1) if (source[index] === '\n') this.lineStarts.push(index + 1);
    if (source.startsWith('\uFEFF')) this.pos = 1;
  }

  protected lineAt(position = this.pos): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  protected fail(message: string): never {
    throw new TomlParseError(message, this.lineAt());
  }

  /** A method, not a getter, so checks on one character do not narrow the next read. */
  protected peek(): string | undefined {
    return this.source[this.pos];
  }

  protected skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos += 1;
  }

  protected skipComment(): void {
    if (this.peek() !== '#') return;
    while (this.pos < this.source.length && this.peek() !== '\n') {
      if (this.peek() === '\r' && this.source[this.pos + 1] === '\n') break;
      if (isControl(this.peek() ?? '')) this.fail('control character in a comment');
      this.pos += 1;
    }
  }

  protected consumeNewline(): boolean {
    if (this.peek() === '\n') {
      this.pos += 1;
      return true;
    }
    if (this.peek() === '\r' && this.source[this.pos + 1] === '\n') {
      this.pos += 2;
      return true;
    }
    return false;
  }

  protected endOfLine(): void {
    this.skipSpaces();
    this.skipComment();
    if (this.pos >= this.source.length || this.consumeNewline()) return;
    this.fail(`unexpected "${this.peek()}" at the end of a line`);
  }

  protected skipBlankAndComments(): void {
    for (;;) {
      this.skipSpaces();
      this.skipComment();
      if (!this.consumeNewline()) return;
    }
  }

  protected parseKey(): string[] {
    const parts = [this.parseSimpleKey()];
    for (;;) {
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.pos += 1;
      this.skipSpaces();
      parts.push(this.parseSimpleKey());
    }
  }

  protected parseSimpleKey(): string {
    if (this.peek() === '"') {
      if (this.source.startsWith('"""', this.pos)) this.fail('a key cannot be a multi-line string');
      return this.parseBasicString();
    }
    if (this.peek() === "'") {
      if (this.source.startsWith("'''", this.pos)) this.fail('a key cannot be a multi-line string');
      return this.parseLiteralString();
    }
    const start = this.pos;
    while (bareKey.test(this.peek() ?? '')) this.pos += 1;
    if (this.pos === start) this.fail('expected a key');
    return this.source.slice(start, this.pos);
  }

  protected parseScalarToken(): string | number {
    const start = this.pos;
    const tokenCharacter = /[0-9A-Za-z_+\-.:]/;
    while (tokenCharacter.test(this.peek() ?? '')) this.pos += 1;
    let token = this.source.slice(start, this.pos);
    // A date and a time may be separated by one space.
    if (datePattern.test(token) && this.peek() === ' ' && /^\d{2}:\d{2}:\d{2}/.test(this.source.slice(this.pos + 1, this.pos + 9))) {
      this.pos += 1;
      while (tokenCharacter.test(this.peek() ?? '')) this.pos += 1;
      token = this.source.slice(start, this.pos);
    }
    if (token === '') this.fail('expected a value');
    if (numberPatterns.some((pattern) => pattern.test(token))) {
      const digits = token.replace(/_/g, '');
      return /^[+-]?0[xob]/.test(digits) ? Number(digits) : Number.parseInt(digits, 10);
    }
    if (/^[+-]?(inf|nan)$/.test(token)) return token.endsWith('inf') ? (token.startsWith('-') ? -Infinity : Infinity) : Number.NaN;
    if (floatPattern.test(token) && /[.eE]/.test(token)) return Number.parseFloat(token.replace(/_/g, ''));
    if (this.isDateOrTime(token)) return token;
    return this.fail(`"${token}" is not a TOML value`);
  }

  private isDateOrTime(token: string): boolean {
    const validDate = (date: string) => {
      const match = datePattern.exec(date);
      return match !== null && Number(match[2]) >= 1 && Number(match[2]) <= 12 && Number(match[3]) >= 1 && Number(match[3]) <= 31;
    };
    const validTime = (time: string) => {
      const match = timePattern.exec(time);
      return match !== null && Number(match[1]) <= 23 && Number(match[2]) <= 59 && Number(match[3]) <= 60;
    };
    const dateTime = dateTimePattern.exec(token);
    if (dateTime) {
      const offset = dateTime[3];
      const validOffset = !offset || /^[Zz]$/.test(offset) || (Number(offset.slice(1, 3)) <= 23 && Number(offset.slice(4, 6)) <= 59);
      return validDate(dateTime[1]) && validTime(dateTime[2]) && validOffset;
    }
    return validDate(token) || validTime(token);
  }

  protected parseBasicString(): string {
    this.pos += 1;
    let text = '';
    for (;;) {
      const character = this.peek();
      if (character === undefined || character === '\n' || character === '\r') this.fail('unterminated string');
      if (character === '"') {
        this.pos += 1;
        return text;
      }
      if (character === '\\') text += this.parseEscape();
      else if (isControl(character)) this.fail('control character in a string');
      else {
        text += character;
        this.pos += 1;
      }
    }
  }

  private parseEscape(): string {
    const code = this.source[this.pos + 1];
    if (code !== undefined && escapes[code] !== undefined) {
      this.pos += 2;
      return escapes[code];
    }
    if (code === 'u' || code === 'U') {
      const length = code === 'u' ? 4 : 8;
      const hex = this.source.slice(this.pos + 2, this.pos + 2 + length);
      const value = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === length ? Number.parseInt(hex, 16) : Number.NaN;
      if (!(value >= 0 && value <= 0x10ffff) || (value >= 0xd800 && value <= 0xdfff)) this.fail('invalid unicode escape');
      this.pos += 2 + length;
      return String.fromCodePoint(value);
    }
    return this.fail(`invalid escape "\\${code ?? ''}"`);
  }

  protected parseMultilineBasic(): string {
    this.pos += 3;
    this.consumeNewline();
    let text = '';
    for (;;) {
      if (this.pos >= this.source.length) this.fail('unterminated multi-line string');
      if (this.source.startsWith('"""', this.pos)) {
        let quotes = 3;
        while (this.source[this.pos + quotes] === '"') quotes += 1;
        if (quotes > 5) this.fail('too many quotes closing a multi-line string');
        this.pos += quotes;
        return text + '"'.repeat(quotes - 3);
      }
      const character = this.peek() ?? '';
      if (character === '\\') {
        // A backslash at the end of a line trims the newline and the whitespace that follows.
        const rest = /^\\[ \t]*\r?\n/.exec(this.source.slice(this.pos, this.pos + 200));
        if (rest) {
          this.pos += rest[0].length;
          while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\n' || (this.peek() === '\r' && this.source[this.pos + 1] === '\n')) this.pos += 1;
        } else text += this.parseEscape();
      } else if (this.consumeNewline()) text += '\n';
      else if (isControl(character)) this.fail('control character in a string');
      else {
        text += character;
        this.pos += 1;
      }
    }
  }

  protected parseLiteralString(): string {
    this.pos += 1;
    const start = this.pos;
    for (;;) {
      const character = this.peek();
      if (character === undefined || character === '\n' || character === '\r') this.fail('unterminated string');
      if (character === "'") {
        this.pos += 1;
        return this.source.slice(start, this.pos - 1);
      }
      if (isControl(character)) this.fail('control character in a string');
      this.pos += 1;
    }
  }

  protected parseMultilineLiteral(): string {
    this.pos += 3;
    this.consumeNewline();
    let text = '';
    for (;;) {
      if (this.pos >= this.source.length) this.fail('unterminated multi-line string');
      if (this.source.startsWith("'''", this.pos)) {
        let quotes = 3;
        while (this.source[this.pos + quotes] === "'") quotes += 1;
        if (quotes > 5) this.fail('too many quotes closing a multi-line string');
        this.pos += quotes;
        return text + "'".repeat(quotes - 3);
      }
      if (this.consumeNewline()) text += '\n';
      else {
        const character = this.peek() ?? '';
        if (isControl(character)) this.fail('control character in a string');
        text += character;
        this.pos += 1;
      }
    }
  }
}

/** A TOML basic string. */
export function tomlString(value: string): string {
  let text = '"';
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    if (character === '"' || character === '\\') text += `\\${character}`;
    else if (character === '\n') text += '\\n';
    else if (character === '\t') text += '\\t';
    else if (character === '\r') text += '\\r';
    else if (code < 0x20 || code === 0x7f) text += `\\u${code.toString(16).padStart(4, '0')}`;
    else text += character;
  }
  return `${text}"`;
}
