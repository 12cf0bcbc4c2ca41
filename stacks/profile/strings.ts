/**
 * Rules for the strings a profile carries, shared by the schema and the loader: what may be echoed back in an error
 * message (capped, control characters made visible), and what may never reach the Terraform (a template sequence).
 */

/** The longest piece of user input an error message echoes; longer input is cut and says so. */
export const MAX_ECHOED_CHARS = 80;

/**
 * Input made safe to echo in an error message: control characters (C0, DEL, C1) and Unicode line separators are
 * written as `\uXXXX`, and anything longer than {@link MAX_ECHOED_CHARS} is cut with the full length named.
 */
export function echo(text: string): string {
  const chars = [...text];
  const cut = chars.length > MAX_ECHOED_CHARS;
  const shown = (cut ? chars.slice(0, MAX_ECHOED_CHARS) : chars)
    .map((ch) => (isControl(ch) ? `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}` : ch))
    .join('');
  return cut ? `${shown}… (${chars.length} characters)` : shown;
}

/** An input value as an error message shows it: strings quoted and {@link echo}ed, other values as short JSON. */
export function showInput(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `"${echo(v)}"`;
  if (Array.isArray(v)) return v.length === 0 ? '[]' : `a list of ${v.length}`;
  if (v !== null && typeof v === 'object') {
    if (v instanceof Date) return `a date (${Number.isNaN(v.getTime()) ? 'invalid' : v.toISOString()}); quote it`;
    const n = Object.keys(v).length;
    return n === 0 ? '{}' : `a map of ${n} field${n === 1 ? '' : 's'}`;
  }
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return `a ${typeof v}`;
}

/** Whether a character is a control character (C0, DEL, C1) or a Unicode line or paragraph separator. */
export function isControl(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
}

/** Whether a string holds a control character (see {@link isControl}). */
export function hasControl(text: string): boolean {
  for (const ch of text) if (isControl(ch)) return true;
  return false;
}

/**
 * The Terraform template sequence a string holds, if any: `${` (interpolation) or `%{` (directive). Terraform
 * evaluates both in every string of a `.tf.json` file and in every quoted HCL string, so a profile string holding
 * one would run as an expression at apply time (`${file("/etc/passwd")}`).
 */
export function templateSequence(text: string): '${' | '%{' | undefined {
  if (text.includes('${')) return '${';
  if (text.includes('%{')) return '%{';
  return undefined;
}

/**
 * Why a profile string cannot be used as a literal, or undefined when it can: a template sequence or a control
 * character. Every string a profile gives the Terraform passes this check; free text that only reaches documents
 * (`description`) may also hold line breaks and tabs.
 */
export function literalProblem(text: string, options: { readonly lineBreaks?: boolean } = {}): string | undefined {
  const seq = templateSequence(text);
  if (seq) {
    return `must not contain "${seq}" (Terraform would evaluate it as a template expression at apply time)`;
  }
  const rest = options.lineBreaks ? text.replace(/[\n\t]/g, ' ') : text;
  if (hasControl(rest)) {
    return options.lineBreaks
      ? 'must not contain control characters other than line breaks and tabs'
      : 'must not contain control characters (line breaks, tabs, escape codes)';
  }
  return undefined;
}
