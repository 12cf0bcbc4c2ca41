/**
 * Issue 10 item 7: nodes.bootstrapScript is confined to the profile's folder, must be a regular text file of bounded
 * size, and is scanned for secrets and machine paths before it is embedded in custom data.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_BOOTSTRAP_SCRIPT_BYTES } from '../../stacks/profile/bootstrap';
import { loadProfile } from '../../stacks/profile/load';
import { ProfileError } from '../../stacks/profile/schema';
import { noSecretLiterals } from '../../constructs/policy/rules/sec-012-no-secret-literals';

const PROFILE = (script: string) => `name: unit-test
location: uksouth
zone: "1"
nodes: { count: 8, vmSize: Standard_L96s_v4, bootstrapScript: ${JSON.stringify(script)} }
tags: { owner: o, purpose: p, expiry: "2027-01-31" }
`;

/** A folder holding profile.yaml (naming `script`) and the given files; returns the profile path. */
function setup(script: string, files: Record<string, string> = {}): { dir: string; profile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'boot-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const profile = join(dir, 'profile.yaml');
  writeFileSync(profile, PROFILE(script));
  return { dir, profile };
}

function bootstrapIssue(profile: string): string {
  try {
    loadProfile(profile);
  } catch (e) {
    if (!(e instanceof ProfileError)) throw e;
    const issue = e.issues.find((i) => i.field === 'nodes.bootstrapScript');
    if (issue) return issue.message;
    throw e;
  }
  throw new Error('the profile loaded');
}

describe('nodes.bootstrapScript confinement', () => {
  it('reads a script next to the profile', () => {
    // GIVEN install.sh beside the profile WHEN loaded THEN its text is embedded
    const { profile } = setup('install.sh', { 'install.sh': '#!/bin/sh\necho install\n' });
    expect(loadProfile(profile).nodes.bootstrapScript).toBe('#!/bin/sh\necho install\n');
  });

  it('fails when the path climbs out of the profile folder with ..', () => {
    // GIVEN ../../../../etc/passwd WHEN loaded THEN it is refused without reading it
    const { profile } = setup('../../../../../../etc/passwd');
    expect(bootstrapIssue(profile)).toBe(
      'nodes.bootstrapScript must be a file inside the profile\'s folder (no ".." out of it, no absolute path), got "../../../../../../etc/passwd"',
    );
  });

  it('fails when the path is absolute', () => {
    // GIVEN /etc/passwd WHEN loaded THEN it is refused
    const { profile } = setup('/etc/passwd');
    expect(bootstrapIssue(profile)).toMatch(/must be a file inside the profile's folder .*got "\/etc\/passwd"$/);
  });

  it('fails when a symlink in the folder points outside it', () => {
    // GIVEN install.sh -> /etc/passwd WHEN loaded THEN the link is not followed out
    const { dir, profile } = setup('install.sh');
    symlinkSync('/etc/passwd', join(dir, 'install.sh'));
    expect(bootstrapIssue(profile)).toBe(
      'nodes.bootstrapScript must be a file inside the profile\'s folder; it is a symbolic link that leads out of it, got "install.sh"',
    );
  });

  it('accepts a symlink that stays inside the folder', () => {
    // GIVEN install.sh -> scripts/real.sh in the same folder WHEN loaded THEN the target is read
    const { dir, profile } = setup('install.sh');
    mkdirSync(join(dir, 'scripts'));
    writeFileSync(join(dir, 'scripts', 'real.sh'), 'echo real\n');
    symlinkSync(join(dir, 'scripts', 'real.sh'), join(dir, 'install.sh'));
    expect(loadProfile(profile).nodes.bootstrapScript).toBe('echo real\n');
  });

  it('fails at once when the script is a FIFO, instead of hanging', () => {
    // GIVEN a named pipe nobody writes to WHEN loaded THEN it is refused as not a regular file
    const { dir, profile } = setup('pipe.sh');
    execFileSync('mkfifo', [join(dir, 'pipe.sh')]);
    expect(bootstrapIssue(profile)).toBe('nodes.bootstrapScript must be a regular file, got "pipe.sh" (a FIFO)');
  });

  it('fails when the script is a device (a link to /dev/zero inside the folder is still a device)', () => {
    // GIVEN zero.sh -> /dev/zero WHEN loaded THEN it is refused, whether as a link out or as a device
    const { dir, profile } = setup('zero.sh');
    symlinkSync('/dev/zero', join(dir, 'zero.sh'));
    expect(bootstrapIssue(profile)).toMatch(/^nodes\.bootstrapScript must be a (file inside|regular file)/);
  });

  it('fails when the script is a folder', () => {
    // GIVEN a directory named install.sh WHEN loaded THEN it is refused
    const { dir, profile } = setup('install.sh');
    mkdirSync(join(dir, 'install.sh'));
    expect(bootstrapIssue(profile)).toBe('nodes.bootstrapScript must be a regular file, got "install.sh" (a folder)');
  });

  it('fails when the script is larger than the cap, naming the limit and the size', () => {
    // GIVEN a script one byte over the cap WHEN loaded THEN the size is refused
    const big = `#!/bin/sh\n${'#'.repeat(MAX_BOOTSTRAP_SCRIPT_BYTES - 9)}`;
    const { profile } = setup('big.sh', { 'big.sh': big });
    expect(bootstrapIssue(profile)).toBe(
      `nodes.bootstrapScript must be at most ${MAX_BOOTSTRAP_SCRIPT_BYTES} bytes (Azure custom data holds 64 KiB of base64 and the script is encoded twice), got "big.sh" (${MAX_BOOTSTRAP_SCRIPT_BYTES + 1} bytes): download large installers from the script instead`,
    );
  });

  it('fails when the script is not UTF-8 text', () => {
    // GIVEN a binary file WHEN loaded THEN it is refused
    const { dir, profile } = setup('bin.sh');
    writeFileSync(join(dir, 'bin.sh'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0xff, 0xfe]));
    expect(bootstrapIssue(profile)).toBe(
      'nodes.bootstrapScript must be a UTF-8 text script, got "bin.sh" (binary content)',
    );
  });
});

describe('nodes.bootstrapScript secret scan', () => {
  const JWT =
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
  for (const [what, line] of [
    ['a JSON Web Token', `curl -H "Authorization: Bearer ${JWT}" https://example.com`],
    ['an AWS access key id', 'export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE'],
    ['a password, secret or token assigned a literal value', 'VAST_PASSWORD=Tr0ub4dor&3'],
    [
      'a storage connection string with AccountKey',
      `AZ="DefaultEndpointsProtocol=https;AccountKey=${'a'.repeat(40)}=="`,
    ],
    ['a path on a workstation', 'cp /Users/alice/vast/installer.tar.gz /opt/'],
  ] as const) {
    it(`fails when the script holds ${what}, naming the line but not the secret`, () => {
      // GIVEN a script with the secret on line 2 WHEN loaded
      const { profile } = setup('install.sh', { 'install.sh': `#!/bin/sh\n${line}\necho done\n` });
      const message = bootstrapIssue(profile);
      // THEN it is refused with the kind and the line, and the message does not repeat the secret
      expect(message).toBe(
        `nodes.bootstrapScript must not hold secrets or machine paths (custom data is readable by anyone who can read the scale set), got "install.sh" with ${what} on line 2`,
      );
      expect(message).not.toContain(line.slice(-12));
    });
  }

  it("fails when the script names this machine's home folder", () => {
    // GIVEN the profile folder's own absolute path in the script WHEN loaded THEN it is a machine path
    const { dir, profile } = setup('install.sh');
    writeFileSync(join(dir, 'install.sh'), `#!/bin/sh\nsource ${dir}/env.sh\n`);
    expect(bootstrapIssue(profile)).toMatch(/with a path on this machine on line 2$/);
  });

  it('accepts a script that reads its secret from the environment at run time', () => {
    // GIVEN PASSWORD="$VAST_PASSWORD" (a reference, not a literal) WHEN loaded THEN it is accepted
    const { profile } = setup('install.sh', { 'install.sh': '#!/bin/sh\nPASSWORD="$VAST_PASSWORD"\n' });
    expect(loadProfile(profile).nodes.bootstrapScript).toContain('$VAST_PASSWORD');
  });

  it('finds a JWT inside base64 custom data through policy rule VAZ-SEC-012', () => {
    // GIVEN a node's custom data whose embedded (base64-in-base64) script holds a JWT
    const inner = Buffer.from(`#!/bin/sh\nTOKEN=x\ncurl -H "Bearer ${JWT}"\n`).toString('base64');
    const cloudInit = `#cloud-config\nwrite_files:\n  - encoding: b64\n    content: ${inner}\n`;
    const subject = {
      kind: 'resource',
      type: 'azurerm_orchestrated_virtual_machine_scale_set',
      name: 'nodes',
      path: 'nodes/vmss',
      config: { custom_data: Buffer.from(cloudInit).toString('base64') },
    };
    // WHEN the rule checks it THEN the token is found after decoding
    const result = noSecretLiterals.check(subject as never, {} as never);
    expect(JSON.stringify(result)).toContain('a JSON Web Token (after base64 decoding)');
  });
});
