/**
 * Strict JSON for profiles: `JSON.parse` keeps the last of two equal keys without a word, so a profile given as
 * JSON is scanned for keys given twice in one object (YAML profiles get the same check from js-yaml).
 */

/** A key given twice in one JSON object. */
export interface DuplicateKey {
  /** Dotted path of the key, e.g. `nodes.count` (list items as `[i]`). */
  readonly path: string;
  /** 1-based line of the second occurrence. */
  readonly line: number;
}

/**
 * Finds keys given twice in one object. The text must already be valid JSON (`JSON.parse` accepted it): the
 * scanner only tracks strings, nesting and keys.
 */
export function findDuplicateKeys(text: string): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  // One frame per open object or list: the keys seen (objects), the path to it, and the list index.
  type Frame = { keys?: Set<string>; path: string; index: number; pendingKey?: string };
  const stack: Frame[] = [];
  let line = 1;
  let i = 0;
  const childPath = (top: Frame | undefined): string => {
    if (!top) return '';
    if (top.keys) return top.path ? `${top.path}.${top.pendingKey ?? ''}` : (top.pendingKey ?? '');
    return `${top.path}[${top.index}]`;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (c === '"') {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      // A string directly inside an object, followed by ":", is a key.
      let j = end;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (top?.keys && text[j] === ':') {
        const key = JSON.parse(text.slice(i, end)) as string;
        const path = top.path ? `${top.path}.${key}` : key;
        if (top.keys.has(key)) found.push({ path, line });
        top.keys.add(key);
        top.pendingKey = key;
      }
      i = end;
    } else if (c === '{' || c === '[') {
      const top = stack[stack.length - 1];
      stack.push(c === '{' ? { keys: new Set(), path: childPath(top), index: 0 } : { path: childPath(top), index: 0 });
      i++;
    } else if (c === '}' || c === ']') {
      stack.pop();
      i++;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top && !top.keys) top.index++;
      i++;
    } else {
      i++;
    }
  }
  return found;
}

/** Index just past the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  return i;
}
