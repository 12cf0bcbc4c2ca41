/**
 * JSON value types shared by every layer: the policy pack reads synthesized `cdk.tf.json` with them and the
 * handoff bundle cleans and renders it with them. Declared once here, below constructs/, stacks/ and scripts/.
 */

/** A parsed JSON value (mutable, as `JSON.parse` returns it). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A parsed JSON object. */
export type JsonObject = { [key: string]: JsonValue };
