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
    expect(rules).toEqual(['node_modules', 'private key', 'storage account key']);
  });
});
