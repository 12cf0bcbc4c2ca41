/**
 * Renders the cleaned Terraform JSON as HCL in `terraform fmt` canonical layout (two-space indentation, aligned
 * equals signs in runs of one-line attributes, interpolation-only strings unwrapped), split into the files
 * reviewers expect: versions.tf, providers.tf, variables.tf, main.tf, outputs.tf.
 *
 * The renderer covers the subset of Terraform JSON the stack produces and refuses anything else (dynamic blocks,
 * provisioners, lifecycle, count/for_each) with an error instead of guessing. Which nested objects are blocks
 * comes from the provider bindings ({@link BlockSchema}); everything else is an object or map attribute.
 */
import { RESOURCE_TYPE_NAMES } from '../../constructs/shared/resource-types';
import {
  compareStrings,
  text,
  type BlockSchema,
  type Json,
  type JsonObject,
  type TerraformDocument,
  type TerraformModel,
} from './terraform';

/** The HCL files of the bundle, by file name. */
export type HclFiles = Readonly<Record<string, string>>;

const UNSUPPORTED_META = ['count', 'for_each', 'lifecycle', 'provisioner', 'connection', 'dynamic'];

/** Options of {@link renderHcl}. */
export interface RenderHclOptions {
  /** A comment put at the top of every file (each line is prefixed with `# `). */
  readonly header?: string;
}

/**
 * Renders the configuration as HCL files.
 *
 * @throws Error when the document uses Terraform features the renderer does not cover.
 */
export function renderHcl(model: TerraformModel, options: RenderHclOptions = {}): HclFiles {
  const { document: doc, blocks } = model;
  const head = options.header
    ? `${options.header
        .split('\n')
        .map((l) => (l ? `# ${l}` : '#'))
        .join('\n')}\n\n`
    : '';
  const files: Record<string, string> = {};
  files['versions.tf'] = head + joinBlocks([renderTerraformBlock(doc)]);
  files['providers.tf'] =
    head +
    joinBlocks(
      Object.keys(doc.provider ?? {})
        .sort(compareStrings)
        .flatMap((name) =>
          doc.provider![name]!.map((cfg) =>
            renderBlock(`provider ${quote(name)}`, bodyEntries(cfg, `provider:${name}`, blocks)),
          ),
        ),
    );
  files['variables.tf'] =
    head +
    joinBlocks(
      Object.keys(doc.variable ?? {})
        .sort(compareStrings)
        .map((name) => renderVariable(name, doc.variable![name] as JsonObject)),
    );
  const resources: string[] = [];
  for (const type of orderedTypes(Object.keys(doc.resource ?? {}))) {
    const byName = doc.resource![type]!;
    for (const name of Object.keys(byName).sort(compareStrings)) {
      resources.push(renderResource('resource', type, name, byName[name]!, blocks));
    }
  }
  for (const type of Object.keys(doc.data ?? {}).sort(compareStrings)) {
    const byName = doc.data![type]!;
    for (const name of Object.keys(byName).sort(compareStrings)) {
      resources.push(renderResource('data', type, name, byName[name]!, blocks));
    }
  }
  if (doc.locals && Object.keys(doc.locals).length > 0) {
    resources.unshift(renderBlock('locals', bodyEntries(doc.locals, 'locals', new Set())));
  }
  files['main.tf'] = head + joinBlocks(resources);
  files['outputs.tf'] =
    head +
    joinBlocks(
      Object.keys(doc.output ?? {})
        .sort(compareStrings)
        .map((name) => {
          const o = doc.output![name]! as unknown as JsonObject;
          const entries: Entry[] = [];
          if (o.description !== undefined) entries.push(attr('description', literal(text(o.description))));
          entries.push(attr('value', value(o.value!)));
          if (o.sensitive !== undefined) entries.push(attr('sensitive', value(o.sensitive)));
          return renderBlock(`output ${quote(name)}`, entries);
        }),
    );
  return files;
}

/** Resource types in main.tf order: the catalog's order first, then any other type alphabetically. */
export function orderedTypes(types: readonly string[]): string[] {
  const known: readonly string[] = RESOURCE_TYPE_NAMES;
  const rank = (t: string) => {
    const i = known.indexOf(t);
    return i === -1 ? known.length : i;
  };
  return [...types].sort((a, b) => rank(a) - rank(b) || compareStrings(a, b));
}

// ---------------------------------------------------------------------------------------------------------------
// Bodies

type Lines = string[];

/** An item of a body: an attribute (its value as lines), a nested block, or a blank line. */
type Entry =
  | { readonly kind: 'attr'; readonly key: string; readonly value: Lines }
  | { readonly kind: 'block'; readonly header: string; readonly body: readonly Entry[] }
  | { readonly kind: 'blank' };

function attr(key: string, v: Lines): Entry {
  return { kind: 'attr', key, value: v };
}

function renderBlock(header: string, body: readonly Entry[]): string {
  return renderEntries([{ kind: 'block', header, body }], 0).join('\n');
}

function joinBlocks(blocks: readonly string[]): string {
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

const INDENT = '  ';

/**
 * Lays out body entries. One-line attributes that follow each other form a run whose equals signs line up, as
 * `terraform fmt` does; a multi-line value, a block or a blank line ends the run.
 */
function renderEntries(entries: readonly Entry[], depth: number): Lines {
  const pad = INDENT.repeat(depth);
  const out: Lines = [];
  let i = 0;
  while (i < entries.length) {
    const e = entries[i]!;
    if (e.kind === 'blank') {
      out.push('');
      i++;
    } else if (e.kind === 'block') {
      const inner = renderEntries(e.body, depth + 1);
      if (inner.length === 0) out.push(`${pad}${e.header} {}`);
      else out.push(`${pad}${e.header} {`, ...inner, `${pad}}`);
      i++;
    } else if (e.value.length > 1) {
      out.push(`${pad}${e.key} = ${e.value[0]}`, ...e.value.slice(1).map((l) => (l ? pad + l : l)));
      i++;
    } else {
      let j = i;
      while (j < entries.length) {
        const x = entries[j]!;
        if (x.kind !== 'attr' || x.value.length !== 1) break;
        j++;
      }
      const run = entries.slice(i, j) as Array<Extract<Entry, { kind: 'attr' }>>;
      const width = Math.max(...run.map((r) => r.key.length));
      for (const r of run) out.push(`${pad}${r.key.padEnd(width)} = ${r.value[0]}`);
      i = j;
    }
  }
  return out;
}

/** Body entries of an object: attributes sorted, then blocks (each after a blank line) in name order. */
function bodyEntries(obj: JsonObject, path: string, blocks: BlockSchema): Entry[] {
  const attrs: Entry[] = [];
  const nested: Entry[] = [];
  for (const key of Object.keys(obj).sort(compareStrings)) {
    const v = obj[key]!;
    const childPath = `${path}/${key}`;
    if (blocks.has(childPath)) {
      const items = Array.isArray(v) ? v : [v];
      for (const item of items) {
        if (item === null || typeof item !== 'object' || Array.isArray(item)) {
          throw new Error(`${childPath} is a block but holds ${JSON.stringify(item)}`);
        }
        nested.push({ kind: 'blank' }, { kind: 'block', header: key, body: bodyEntries(item, childPath, blocks) });
      }
    } else {
      attrs.push(attr(identifierOrQuoted(key), value(v)));
    }
  }
  const all = [...attrs, ...nested];
  return all[0]?.kind === 'blank' ? all.slice(1) : all;
}

function renderResource(
  kind: 'resource' | 'data',
  type: string,
  name: string,
  body: JsonObject,
  blocks: BlockSchema,
): string {
  for (const meta of UNSUPPORTED_META) {
    if (meta in body) throw new Error(`${kind} ${type}.${name}: "${meta}" is not supported by the HCL renderer`);
  }
  const { depends_on: dependsOn, provider, ...rest } = body;
  const entries: Entry[] = [];
  if (provider !== undefined) entries.push(attr('provider', [reference(provider)]));
  entries.push(...bodyEntries(rest, `${kind}:${type}`, blocks));
  if (dependsOn !== undefined) {
    if (!Array.isArray(dependsOn)) throw new Error(`${type}.${name}: depends_on must be a list`);
    entries.push(
      { kind: 'blank' },
      attr('depends_on', ['[', ...dependsOn.map((d) => `${INDENT}${reference(d)},`), ']']),
    );
  }
  return renderBlock(`${kind} ${quote(type)} ${quote(name)}`, entries);
}

function renderVariable(name: string, v: JsonObject): string {
  const entries: Entry[] = [];
  const known = ['description', 'type', 'default', 'sensitive', 'nullable', 'validation'];
  for (const key of Object.keys(v)) {
    if (!known.includes(key)) throw new Error(`variable ${name}: "${key}" is not supported by the HCL renderer`);
  }
  if (v.description !== undefined) entries.push(attr('description', literal(text(v.description))));
  if (v.type !== undefined) entries.push(attr('type', [text(v.type)]));
  if (v.default !== undefined) entries.push(attr('default', literalValue(v.default)));
  if (v.sensitive !== undefined) entries.push(attr('sensitive', value(v.sensitive)));
  if (v.nullable !== undefined) entries.push(attr('nullable', value(v.nullable)));
  for (const rule of (v.validation as JsonObject[] | undefined) ?? []) {
    entries.push(
      { kind: 'blank' },
      {
        kind: 'block',
        header: 'validation',
        body: [attr('condition', value(rule.condition!)), attr('error_message', value(rule.error_message!))],
      },
    );
  }
  return renderBlock(`variable ${quote(name)}`, entries);
}

function renderTerraformBlock(doc: TerraformDocument): string {
  const t = doc.terraform as unknown as JsonObject;
  const entries: Entry[] = [];
  for (const key of Object.keys(t).sort(compareStrings)) {
    if (key === 'required_providers' || key === 'backend') continue;
    entries.push(attr(key, literalValue(t[key]!)));
  }
  const providers = t.required_providers as Record<string, JsonObject>;
  entries.push(...(entries.length ? [{ kind: 'blank' } as const] : []), {
    kind: 'block',
    header: 'required_providers',
    body: Object.keys(providers)
      .sort(compareStrings)
      .map((name) => attr(name, literalValue(providers[name]!))),
  });
  const backend = t.backend as Record<string, JsonObject> | undefined;
  for (const type of Object.keys(backend ?? {}).sort(compareStrings)) {
    const cfg = backend![type]!;
    entries.push(
      { kind: 'blank' },
      {
        kind: 'block',
        header: `backend ${quote(type)}`,
        body: Object.keys(cfg)
          .sort(compareStrings)
          .map((k) => attr(k, literalValue(cfg[k]!))),
      },
    );
  }
  return renderBlock('terraform', entries);
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** An expression value: strings are Terraform templates (`${…}` is interpolation). */
function value(v: Json): Lines {
  return renderValue(v, renderTemplate);
}

/** A literal value: strings are taken as they are (`${` is escaped). */
function literalValue(v: Json): Lines {
  return renderValue(v, literal);
}

function renderValue(v: Json, str: (s: string) => Lines): Lines {
  if (v === null) return ['null'];
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return [text(v)];
  if (Array.isArray(v)) {
    if (v.length === 0) return ['[]'];
    const items = v.map((x) => renderValue(x, str));
    if (items.every((l) => l.length === 1)) return [`[${items.map((l) => l[0]).join(', ')}]`];
    return multiLineList(items);
  }
  const keys = Object.keys(v).sort(compareStrings);
  if (keys.length === 0) return ['{}'];
  // A key is read the way its value is: Terraform JSON takes object keys in expressions as templates too.
  const entries = keys.map((k) => attr(objectKey(k, str), renderValue(v[k]!, str)));
  return ['{', ...renderEntries(entries, 1), '}'];
}

/** A multi-line list: every item indented one level, each followed by a comma. */
function multiLineList(items: readonly Lines[]): Lines {
  const out: Lines = ['['];
  for (const l of items) {
    l.forEach((line, i) => {
      const text = line ? INDENT + line : line;
      out.push(i === l.length - 1 ? `${text},` : text);
    });
  }
  out.push(']');
  return out;
}

/** A quoted string literal: escapes quotes, backslashes, control characters and template sequences. */
function literal(s: string): Lines {
  // A function replacement: in a replacement string "$$" would collapse to "$" and leave "${" unescaped.
  return [
    `"${escapeLiteral(s)
      .replace(/\$\{/g, () => '$${')
      .replace(/%\{/g, () => '%%{')}"`,
  ];
}

function escapeLiteral(s: string): string {
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

function quote(s: string): string {
  return literal(s)[0]!;
}

/** A Terraform template string: literal parts are escaped, `${…}` and `%{…}` sequences are kept verbatim. */
export function renderTemplate(s: string): Lines {
  const parts = splitTemplate(s);
  if (parts.length === 1 && parts[0]!.kind === 'interp') return [parts[0]!.text.slice(2, -1).trim()];
  return [`"${parts.map((p) => (p.kind === 'literal' ? escapeLiteral(p.text) : p.text)).join('')}"`];
}

interface TemplatePart {
  readonly kind: 'literal' | 'interp';
  /** For literals, the text with `$${`/`%%{` escapes kept as written; for sequences, `${…}` or `%{…}` whole. */
  readonly text: string;
}

/** Splits a Terraform template into literal text and `${…}` / `%{…}` sequences. */
export function splitTemplate(s: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let lit = '';
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i) || s.startsWith('%%{', i)) {
      lit += s.slice(i, i + 3);
      i += 3;
    } else if (s.startsWith('${', i) || s.startsWith('%{', i)) {
      const end = sequenceEnd(s, i + 2);
      if (lit) parts.push({ kind: 'literal', text: lit });
      lit = '';
      parts.push({ kind: 'interp', text: s.slice(i, end + 1) });
      i = end + 1;
    } else {
      lit += s[i];
      i++;
    }
  }
  if (lit || parts.length === 0) parts.push({ kind: 'literal', text: lit });
  return parts;
}

/** Index of the `}` that closes a sequence whose body starts at `start`, skipping quoted strings inside it. */
function sequenceEnd(s: string, start: number): number {
  let depth = 1;
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      i = stringEnd(s, i + 1);
      continue;
    }
    if (c === '{') depth++;
    if (c === '}' && --depth === 0) return i;
    i++;
  }
  throw new Error(`unterminated template sequence in ${JSON.stringify(s)}`);
}

function stringEnd(s: string, start: number): number {
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (s.startsWith('$${', i)) i += 3;
    else if (s.startsWith('${', i)) i = sequenceEnd(s, i + 2) + 1;
    else i++;
  }
  throw new Error(`unterminated string in ${JSON.stringify(s)}`);
}

/** A reference written bare (depends_on, provider): strips an interpolation wrapper if present. */
function reference(v: Json): string {
  if (typeof v !== 'string') throw new Error(`expected a reference, got ${JSON.stringify(v)}`);
  const m = /^\$\{(.*)\}$/s.exec(v);
  return (m ? m[1]! : v).trim();
}

/** An object key in HCL: bare when it is an identifier, else quoted the way its value's strings are. */
function objectKey(key: string, str: (s: string) => Lines): string {
  if (isIdentifier(key)) return key;
  const [line] = str(key);
  // An interpolation-only key comes back bare from renderTemplate; HCL needs it in parentheses.
  return line!.startsWith('"') ? line! : `(${line})`;
}

function isIdentifier(key: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(key) && !['true', 'false', 'null'].includes(key);
}

function identifierOrQuoted(key: string): string {
  return isIdentifier(key) ? key : quote(key);
}
