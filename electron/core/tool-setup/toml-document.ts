/**
 * A strict TOML 1.0 reader, just enough to edit Codex's config.toml safely: it refuses what does not
 * parse (including duplicate keys and tables redefined), gives the plain value for verification, and
 * says where each table header and key/value sits (line numbers) so our own tables can be replaced
 * textually without touching anything else. No TOML library is installed; see codex-setup.ts.
 */
import { TomlScanner } from './toml-scanner.js';

export { TomlParseError, tomlString } from './toml-scanner.js';

export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

type Origin = 'root' | 'header' | 'implicit' | 'dotted' | 'inline';
interface TableNode {
  kind: 'table';
  origin: Origin;
  entries: Map<string, TomlNode>;
}
interface ArrayTablesNode {
  kind: 'array-tables';
  tables: TableNode[];
}
interface ValueNode {
  kind: 'value';
  value: TomlValue;
}
type TomlNode = TableNode | ArrayTablesNode | ValueNode;

export interface TomlHeader {
  path: string[];
  array: boolean;
  /** 0-based line of the header. */
  line: number;
}

export interface TomlKeyValue {
  /** Path of the header the pair sits under ([] for the root). */
  table: string[];
  key: string[];
  startLine: number;
  endLine: number;
}

export interface TomlDocument {
  value: { [key: string]: TomlValue };
  headers: TomlHeader[];
  keyValues: TomlKeyValue[];
  /** How a table came to be: `header` ([a.b]), `implicit` (parent of a header), `dotted`, `inline`; undefined if absent or not a table. */
  tableOrigin(path: readonly string[]): Origin | undefined;
}

function setEntry(target: { [key: string]: TomlValue }, key: string, value: TomlValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function toPlain(node: TomlNode): TomlValue {
  if (node.kind === 'value') return node.value;
  if (node.kind === 'array-tables') return node.tables.map((table) => toPlain(table));
  const result: { [key: string]: TomlValue } = {};
  for (const [key, child] of node.entries) setEntry(result, key, toPlain(child));
  return result;
}

function freeze(table: TableNode): void {
  table.origin = 'inline';
  for (const child of table.entries.values()) if (child.kind === 'table') freeze(child);
}

class TomlParser extends TomlScanner {
  readonly root: TableNode = { kind: 'table', origin: 'root', entries: new Map() };
  readonly headers: TomlHeader[] = [];
  readonly keyValues: TomlKeyValue[] = [];

  parse(): TomlDocument {
    let table = this.root;
    let tablePath: string[] = [];
    while (this.pos < this.source.length) {
      this.skipSpaces();
      const character = this.peek();
      if (character === undefined || character === '#' || character === '\n' || character === '\r') {
        this.endOfLine();
        continue;
      }
      if (character === '[') {
        const array = this.source[this.pos + 1] === '[';
        const line = this.lineAt();
        this.pos += array ? 2 : 1;
        this.skipSpaces();
        const path = this.parseKey();
        this.skipSpaces();
        if (!this.source.startsWith(array ? ']]' : ']', this.pos)) this.fail('unterminated table header');
        this.pos += array ? 2 : 1;
        table = array ? this.defineArrayTable(path) : this.defineTable(path);
        tablePath = path;
        this.headers.push({ path, array, line });
        this.endOfLine();
        continue;
      }
      const startLine = this.lineAt();
      const key = this.parseKey();
      this.skipSpaces();
      if (this.peek() !== '=') this.fail('expected "=" after a key');
      this.pos += 1;
      this.skipSpaces();
      this.assign(table, key, this.parseValue(), 'dotted');
      this.keyValues.push({ table: tablePath, key, startLine, endLine: this.lineAt() });
      this.endOfLine();
    }
    const root = this.root;
    return {
      value: toPlain(root) as { [key: string]: TomlValue },
      headers: this.headers,
      keyValues: this.keyValues,
      tableOrigin(path) {
        let node: TomlNode | undefined = root;
        for (const part of path) {
          if (node?.kind === 'array-tables') node = node.tables[node.tables.length - 1];
          node = node?.kind === 'table' ? node.entries.get(part) : undefined;
        }
        return node?.kind === 'table' ? node.origin : undefined;
      },
    };
  }

  private descendForHeader(table: TableNode, part: string): TableNode {
    const node = table.entries.get(part);
    if (!node) {
      const created: TableNode = { kind: 'table', origin: 'implicit', entries: new Map() };
      table.entries.set(part, created);
      return created;
    }
    if (node.kind === 'array-tables') return node.tables[node.tables.length - 1];
    if (node.kind === 'table' && node.origin !== 'inline') return node;
    return this.fail(`"${part}" is already a value and cannot hold a table`);
  }

  private defineTable(path: string[]): TableNode {
    let table = this.root;
    for (const part of path.slice(0, -1)) table = this.descendForHeader(table, part);
    const last = path[path.length - 1];
    const node = table.entries.get(last);
    if (!node) {
      const created: TableNode = { kind: 'table', origin: 'header', entries: new Map() };
      table.entries.set(last, created);
      return created;
    }
    if (node.kind === 'table' && node.origin === 'implicit') {
      node.origin = 'header';
      return node;
    }
    return this.fail(`the table [${path.join('.')}] is defined more than once`);
  }

  private defineArrayTable(path: string[]): TableNode {
    let table = this.root;
    for (const part of path.slice(0, -1)) table = this.descendForHeader(table, part);
    const last = path[path.length - 1];
    const node = table.entries.get(last);
    const created: TableNode = { kind: 'table', origin: 'header', entries: new Map() };
    if (!node) table.entries.set(last, { kind: 'array-tables', tables: [created] });
    else if (node.kind === 'array-tables') node.tables.push(created);
    else this.fail(`[[${path.join('.')}]] conflicts with an earlier definition`);
    return created;
  }

  private assign(table: TableNode, key: string[], value: TomlNode, intermediate: 'dotted'): void {
    let target = table;
    for (const part of key.slice(0, -1)) {
      const node = target.entries.get(part);
      if (!node) {
        const created: TableNode = { kind: 'table', origin: intermediate, entries: new Map() };
        target.entries.set(part, created);
        target = created;
      } else if (node.kind === 'table' && node.origin === 'dotted') {
        target = node;
      } else {
        this.fail(`the key "${key.join('.')}" extends a table or value defined elsewhere`);
      }
    }
    const last = key[key.length - 1];
    if (target.entries.has(last)) this.fail(`the key "${key.join('.')}" is defined more than once`);
    target.entries.set(last, value);
  }

  private parseValue(): TomlNode {
    const character = this.peek();
    if (character === '"') {
      return { kind: 'value', value: this.source.startsWith('"""', this.pos) ? this.parseMultilineBasic() : this.parseBasicString() };
    }
    if (character === "'") {
      return { kind: 'value', value: this.source.startsWith("'''", this.pos) ? this.parseMultilineLiteral() : this.parseLiteralString() };
    }
    if (character === '[') return { kind: 'value', value: this.parseArray() };
    if (character === '{') return this.parseInlineTable();
    if (this.source.startsWith('true', this.pos) && !/[A-Za-z0-9_-]/.test(this.source[this.pos + 4] ?? '')) {
      this.pos += 4;
      return { kind: 'value', value: true };
    }
    if (this.source.startsWith('false', this.pos) && !/[A-Za-z0-9_-]/.test(this.source[this.pos + 5] ?? '')) {
      this.pos += 5;
      return { kind: 'value', value: false };
    }
    return { kind: 'value', value: this.parseScalarToken() };
  }

  private parseArray(): TomlValue[] {
    this.pos += 1;
    const items: TomlValue[] = [];
    for (;;) {
      this.skipBlankAndComments();
      if (this.peek() === ']') {
        this.pos += 1;
        return items;
      }
      items.push(toPlain(this.parseValue()));
      this.skipBlankAndComments();
      if (this.peek() === ',') this.pos += 1;
      else if (this.peek() === ']') {
        this.pos += 1;
        return items;
      } else this.fail('expected "," or "]" in an array');
    }
  }

  private parseInlineTable(): TableNode {
    this.pos += 1;
    const table: TableNode = { kind: 'table', origin: 'dotted', entries: new Map() };
    this.skipSpaces();
    if (this.peek() === '}') {
      this.pos += 1;
      freeze(table);
      return table;
    }
    for (;;) {
      this.skipSpaces();
      const key = this.parseKey();
      this.skipSpaces();
      if (this.peek() !== '=') this.fail('expected "=" in an inline table');
      this.pos += 1;
      this.skipSpaces();
      this.assign(table, key, this.parseValue(), 'dotted');
      this.skipSpaces();
      if (this.peek() === ',') {
        this.pos += 1;
        continue;
      }
      if (this.peek() === '}') {
        this.pos += 1;
        freeze(table);
        return table;
      }
      this.fail('expected "," or "}" in an inline table');
    }
  }
}

export function parseToml(text: string): TomlDocument {
  return new TomlParser(text).parse();
}
