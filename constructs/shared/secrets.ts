/**
 * The one list of secret shapes the toolkit refuses to ship: used on a bootstrap script before it is embedded, by
 * policy rule VAZ-SEC-012 on every synthesized string (base64 custom data decoded), and by the handoff bundle scan
 * (`findUncleanContent`) on every bundle file and the decoded custom data. A finding names the kind and the line,
 * never the secret itself.
 */

/** A secret shape: what it is, and how it looks. */
export interface SecretPattern {
  readonly what: string;
  readonly pattern: RegExp;
}

/** Secret shapes looked for in any text. */
export const SECRET_PATTERNS: readonly SecretPattern[] = [
  { what: 'a PEM private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { what: 'a JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { what: 'an AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { what: 'an AWS secret access key', pattern: /aws_secret_access_key\s*[=:]\s*["']?[A-Za-z0-9/+=]{30,}/i },
  { what: 'a Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { what: 'a GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
  { what: 'a Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { what: 'a storage connection string with AccountKey', pattern: /AccountKey=[A-Za-z0-9+/=]{20,}/ },
  { what: 'a connection string with SharedAccessKey', pattern: /SharedAccessKey=[A-Za-z0-9+/=]{20,}/ },
  { what: 'a SAS token (sig=)', pattern: /[?&]sig=[A-Za-z0-9%+/=]{16,}/ },
  {
    what: 'a password, secret or token assigned a literal value',
    // A literal after "=" or ":" (a "$VAR" or "${VAR}" reference, read at run time, is fine).
    pattern:
      /(?<![A-Za-z0-9])(?:password|passwd|pwd|secret|client_secret|api[_-]?key|access[_-]?token|auth[_-]?token)\s*[=:]\s*["']?(?![$"'\s])[^\s"']{4,}/i,
  },
  {
    what: 'a password or client secret assigned a quoted value',
    // Any length and with spaces, as HCL and YAML write it (`admin_password = "pw1"`); a "$VAR" reference is fine.
    pattern: /(?<![A-Za-z0-9])(?:password\s*=|client_secret\s*[=:])\s*"(?![$"])[^"\n]+"/i,
  },
];

/** Folder prefixes that are another machine's home on any Linux node: a path below them came from a workstation. */
const WORKSTATION_PATHS: readonly RegExp[] = [/\/Users\/[^/\s]+\//, /\b[A-Za-z]:\\Users\\[^\\\s]+\\/];

/** One secret or machine path found in a text. */
export interface SecretFinding {
  /** What was found, e.g. "a JSON Web Token". */
  readonly what: string;
  /** 1-based line of the text it is on. */
  readonly line: number;
}

/**
 * Finds secret shapes, workstation paths and the given machine paths (e.g. this machine's home folder and
 * repository) in a text. Findings name the kind and the line only.
 */
export function findSecrets(text: string, machinePaths: readonly string[] = []): SecretFinding[] {
  const found: SecretFinding[] = [];
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const look = (what: string, re: RegExp) => {
    const m = new RegExp(re.source, re.flags.replace('g', '')).exec(text);
    if (m) found.push({ what, line: lineOf(m.index) });
  };
  for (const { what, pattern } of SECRET_PATTERNS) look(what, pattern);
  for (const re of WORKSTATION_PATHS) look('a path on a workstation', re);
  for (const p of machinePaths) {
    const path = p.replace(/\/+$/, '');
    if (path.length < 2) continue;
    const i = text.indexOf(path);
    if (i >= 0) found.push({ what: 'a path on this machine', line: lineOf(i) });
  }
  return found;
}
