/**
 * A unified diff of two small texts (config files), for "show the diff before writing". Line-based
 * longest common subsequence; no diff library is installed and config files are a few hundred lines.
 */
type Edit = { kind: ' ' | '-' | '+'; line: string };

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function diffLines(before: string[], after: string[]): Edit[] {
  const rows = before.length;
  const columns = after.length;
  // lengths[i][j]: LCS of before[i..] and after[j..]
  const lengths: Uint32Array[] = Array.from({ length: rows + 1 }, () => new Uint32Array(columns + 1));
  for (let i = rows - 1; i >= 0; i -= 1) {
    for (let j = columns - 1; j >= 0; j -= 1) {
      lengths[i][j] = before[i] === after[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < rows || j < columns) {
    if (i < rows && j < columns && before[i] === after[j]) {
      edits.push({ kind: ' ', line: before[i] });
      i += 1;
      j += 1;
    } else if (i < rows && (j === columns || lengths[i + 1][j] >= lengths[i][j + 1])) {
      // Removals before additions, as diff(1) prints them.
      edits.push({ kind: '-', line: before[i] });
      i += 1;
    } else {
      edits.push({ kind: '+', line: after[j] });
      j += 1;
    }
  }
  return edits;
}

/** `---`/`+++` headers and `@@` hunks with `context` lines around each change; '' when equal. */
export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }, context = 3): string {
  if (before === after) return '';
  const edits = diffLines(splitLines(before), splitLines(after));
  const changed = edits.map((edit, index) => (edit.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  const hunks: Array<[number, number]> = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(edits.length - 1, index + context);
    const last = hunks[hunks.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else hunks.push([start, end]);
  }
  const output = [`--- ${labels.before}`, `+++ ${labels.after}`];
  if (hunks.length === 0) {
    // Only the final newline differs.
    output.push('@@ -1 +1 @@', '\\ the final newline differs');
    return `${output.join('\n')}\n`;
  }
  for (const [start, end] of hunks) {
    let beforeLine = 1;
    let afterLine = 1;
    for (let index = 0; index < start; index += 1) {
      if (edits[index].kind !== '+') beforeLine += 1;
      if (edits[index].kind !== '-') afterLine += 1;
    }
    const slice = edits.slice(start, end + 1);
    const beforeCount = slice.filter((edit) => edit.kind !== '+').length;
    const afterCount = slice.filter((edit) => edit.kind !== '-').length;
    const range = (line: number, count: number) => (count === 0 ? `${line - 1},0` : count === 1 ? `${line}` : `${line},${count}`);
    output.push(`@@ -${range(beforeLine, beforeCount)} +${range(afterLine, afterCount)} @@`);
    for (const edit of slice) output.push(`${edit.kind}${edit.line}`);
  }
  return `${output.join('\n')}\n`;
}
