import { SECRET_PATTERNS as SHARED_SECRET_PATTERNS } from '../../shared/secrets';
import { isExpression } from '../config';
import { fromViolations, type JsonValue, type PolicyRule } from '../rule';

/** Attribute names whose value is a credential. A literal value in one of them is a leaked secret. */
const SECRET_ATTRIBUTE =
  /(^|_)(password|secret|client_secret|access_key|account_key|primary_access_key|secondary_access_key|sas|sas_token|connection_string|private_key|private_key_pem|client_certificate|client_certificate_password|token)$/i;

/** Attributes that hold an SSH public key: it must come from a variable so the key is the customer's choice. */
const SSH_PUBLIC_KEY_ATTRIBUTE = /^public_key$/;

/** Attributes holding base64 text that nodes decode (cloud-init): scanned after decoding. */
const BASE64_ATTRIBUTE = /^(custom_data|user_data|user_data_base64)$/;

/**
 * Secret shapes recognised in any string, with a description for the finding: the toolkit's shared list (JWTs,
 * cloud keys, connection strings, literal passwords) plus shapes only a Terraform attribute holds.
 */
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  ...SHARED_SECRET_PATTERNS.map((p) => [p.pattern, p.what] as const),
  [/^[A-Za-z0-9+/]{86}==$/, 'a storage account key'],
  [/\bssh-(?:rsa|ed25519|dss) AAAA[0-9A-Za-z+/]{40,}/, 'a literal SSH public key'],
  [/\becdsa-sha2-nistp\d+ AAAA[0-9A-Za-z+/]{40,}/, 'a literal SSH public key'],
];

/** VAZ-SEC-012: no secret, key or credential is written into the Terraform as a literal. */
export const noSecretLiterals: PolicyRule = {
  id: 'VAZ-SEC-012',
  category: 'security',
  level: 'error',
  title: 'No secrets or keys as literals anywhere in the output',
  rationale:
    'The synthesized Terraform is handed to the customer and kept in git: a private key, account key, SAS token or password in it is leaked. SSH public keys come from a variable so each customer uses their own.',
  fix: 'Pass credentials as sensitive Terraform variables or use managed identities; take SSH public keys from the `ssh_public_key` variable; keep secrets out of bootstrap scripts.',
  check(subject) {
    const found: string[] = [];
    const fallback = subject.config.default;
    if (subject.kind === 'variable' && SECRET_ATTRIBUTE.test(subject.name) && fallback !== undefined) {
      found.push(`variable "${subject.name}" has a literal default; a credential variable must have none`);
    }
    scan(subject.config, [], found);
    return fromViolations([...new Set(found)]);
  },
};

function scan(value: JsonValue, path: readonly string[], found: string[]): void {
  const key = path[path.length - 1] ?? '';
  const where = path.join('.') || '(value)';
  if (typeof value === 'string') {
    if (value.length === 0) return;
    // An attribute that interpolates a variable or reference gets its value at apply time: not a literal.
    if (SSH_PUBLIC_KEY_ATTRIBUTE.test(key)) {
      if (!isExpression(value)) found.push(`${where} is a literal; take the SSH public key from a variable`);
      return;
    }
    if (SECRET_ATTRIBUTE.test(key)) {
      if (!isExpression(value)) found.push(`${where} holds a literal credential`);
      return;
    }
    // Known secret shapes are looked for everywhere, also in strings that interpolate something.
    const texts = BASE64_ATTRIBUTE.test(key) ? expandBase64(decodeBase64(value), 2) : [value];
    for (const [pattern, what] of SECRET_PATTERNS) {
      if (texts.some((t) => pattern.test(t))) {
        found.push(`${where} contains ${what}${texts[0] === value ? '' : ' (after base64 decoding)'}`);
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v) => scan(v, path, found));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      // A variable's description and validation messages are prose, not values.
      if (k === '//' || k === 'description' || k === 'error_message' || k === 'condition') continue;
      scan(v, [...path, k], found);
    }
  }
}

function decodeBase64(value: string): string {
  return /^[A-Za-z0-9+/=\s]+$/.test(value) ? Buffer.from(value, 'base64').toString('utf8') : value;
}

/**
 * The text and, `depth` levels deep, every long base64 run inside it decoded: cloud-init embeds files as base64
 * (`encoding: b64`) inside base64 custom data, and a secret must not hide there either.
 */
function expandBase64(text: string, depth: number): string[] {
  if (depth === 0) return [text];
  const runs = text.match(/[A-Za-z0-9+/]{40,}={0,2}/g) ?? [];
  return [text, ...runs.flatMap((run) => expandBase64(decodeBase64(run), depth - 1))];
}
