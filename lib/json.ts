/**
 * JSON value types shared by every layer: the policy pack reads synthesized `cdk.tf.json` with them and the
 * handoff bundle cleans and renders it with them. Declared once here, below constructs/, stacks/ and scripts/, with
 * the one description of a `JSON.parse` failure that the file readers (profile, preflight report) give.
 */

/** A parsed JSON value (mutable, as `JSON.parse` returns it). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A parsed JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Where and why `JSON.parse` failed on a text, in our words and without the text: V8's message quotes the start of
 * the input, which for a file given by mistake (an `.env`, a key) can be a secret. Gives the line and column when V8
 * reports a position, e.g. `unexpected text at line 4, column 1`, `the text ends too early` or `unexpected text`.
 */
export function jsonSyntaxProblem(e: unknown, text: string): string {
  const message = e instanceof Error ? e.message : '';
  const m = /position (\d+)/.exec(message);
  if (!m) return /end of JSON input/i.test(message) ? 'the text ends too early' : 'unexpected text';
  if (text.slice(Number(m[1])).trim() === '') return 'the text ends too early';
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `unexpected text at line ${line}, column ${column}`;
}
