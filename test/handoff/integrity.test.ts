import { describe, expect, it } from 'vitest';
import { findUncleanContent } from '../../scripts/handoff/integrity';

const file = (content: string) => [{ path: 'README.md', content }];

describe('findUncleanContent', () => {
  it('finds this machine’s repository path', () => {
    expect(findUncleanContent(file('state in /work/main/cdktf.out'), ['/work/main'])).toEqual([
      { path: 'README.md', rule: 'absolute machine path', match: '/work/main' },
    ]);
  });

  it('ignores a path that only starts with the same letters', () => {
    expect(findUncleanContent(file('see /work/mainframe/x'), ['/work/main'])).toEqual([]);
  });

  it('ignores standard system folders that the docs name inside the node', () => {
    // GIVEN the command was run from /var/lib, and the README documents /var/lib/vast-poc/status.json on the nodes
    const findings = findUncleanContent(file('cat /var/lib/vast-poc/status.json'), ['/var/lib', '/tmp']);
    // THEN nothing is reported
    expect(findings).toEqual([]);
  });

  it('finds node_modules references and secret shapes', () => {
    const rules = findUncleanContent(
      file('node_modules/x\n-----BEGIN OPENSSH PRIVATE KEY-----\nAccountKey=abcdefghijklmnopqrstuvwxyz012345'),
      [],
    ).map((f) => f.rule);
    expect(rules).toEqual(['node_modules', 'a PEM private key', 'a storage connection string with AccountKey']);
  });

  it('finds every secret shape of the shared list, naming the line instead of echoing the secret', () => {
    // GIVEN a GitHub token and a JSON Web Token (shapes of constructs/shared/secrets.ts) on lines 2 and 3
    const token = `ghp_${'a1B2'.repeat(9)}`;
    const jwt = 'eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.c2lnbmF0dXJlX2hlcmU';
    const findings = findUncleanContent(file(`# notes\nexport GH=${token}\nauth: ${jwt}\n`), []);
    // THEN both are found, each with its line, and no finding carries the secret
    expect(findings).toEqual([
      { path: 'README.md', rule: 'a JSON Web Token', match: 'line 3' },
      { path: 'README.md', rule: 'a GitHub token', match: 'line 2' },
    ]);
  });

  it('keeps the quoted-assignment shapes the bundle scan had before the shared list', () => {
    // GIVEN a short quoted admin password and a client secret with spaces (too short or spaced for the literal rule)
    for (const text of ['admin_password = "pw1"', 'client_secret: "a b c"']) {
      // THEN each is still found
      expect(
        findUncleanContent(file(text), []).map((f) => f.rule),
        text,
      ).toEqual(['a password or client secret assigned a quoted value']);
    }
  });

  it('does not report a quoted reference read at run time', () => {
    expect(findUncleanContent(file('password = "$DB_PASSWORD"'), [])).toEqual([]);
  });
});
