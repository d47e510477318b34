/**
 * Anthropic accepts tool ids matching ^[a-zA-Z0-9_-]+$. Valid ids pass unchanged; any other id is
 * rewritten deterministically (the same id always gives the same result, so a tool_use and its
 * tool_result still match) and injectively among rewritten ids: `_` becomes `_x5F`, other invalid
 * characters `_xHH` (or `_uHHHH` above 0xFF), and the empty id `_empty`.
 */
const validToolId = /^[a-zA-Z0-9_-]+$/;

function isSafeCharacter(code: number): boolean {
  return (
    (code >= 48 && code <= 57) || // 0-9
    (code >= 65 && code <= 90) || // A-Z
    (code >= 97 && code <= 122) || // a-z
    code === 45 // -
  );
}

export function toAnthropicToolId(id: string): string {
  if (validToolId.test(id)) return id;
  if (id === '') return '_empty';
  let encoded = '';
  for (let index = 0; index < id.length; index++) {
    const code = id.charCodeAt(index);
    if (isSafeCharacter(code)) encoded += id[index];
    else if (code <= 0xff) encoded += `_x${code.toString(16).toUpperCase().padStart(2, '0')}`;
    else encoded += `_u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return encoded;
}
