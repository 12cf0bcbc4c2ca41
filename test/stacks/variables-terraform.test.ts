/**
 * The Terraform variables' validation blocks, evaluated by a real `terraform` binary. Only the variables (and an
 * output that reads them) are planned, so no provider is needed and nothing leaves the machine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesizeTerraform } from '../../scripts/handoff/terraform';
import { renderMinimalTfvars } from '../../scripts/handoff/tfvars';
import { loadProfile, SHIPPED_PROFILES_DIR, shippedProfileFiles } from '../../stacks/profile/load';
import { profileWith, synthStack } from '../support/terraform';

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const haveTerraform = terraform.status === 0;
// Throw-away public keys made with ssh-keygen for these tests (their private halves were discarded).
const GOOD_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINXeSEseBn2nj49ir07TxuawfgeUdQP2RaGyjpAyry4r test@example';
const RSA_2048 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDHz3Z+IfSOYhKSrwRZshsEDiD7FHr2xp6lAed2/kTBYdNizAM91OBmRa+uI02kB8YaTiIy7OGQ53HEuVU10TChBvoU4gx0v7C48v0ovc2CYzsntaTH8gHroGnM9VqxIUWIRMo8zctxPaXiMEqwBxm8/TkjvXK4cqa3v8ii3fcEZVdfTkzW+xNJAAlB2baB6Z1lWCV0aR0NskTEztqWjrPD+YdgXQBkl2hboF/VUOyh5aCPB4Va6D/8cTkygtNW4ZIfp8+GkCo/XzFwun3bW+ujqNqNf8LRYDjl1w70lu/k8WIiOMGD7lQYqfum10YN0tgvTT6jDFpSWpjyfGINSC8T test@example';
const RSA_1024 =
  'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDEvP/3UHwGA3Kq0pZVkZgJljaUaLEnuZ+JTAF7zykPxxvZu+iE426V81bDd5LvHxm2pIS9VBI52TzL7zVsfit8pItbBnE601AL/uCui7QDFbu7aQN9MZQvv1wX82jVssDglOCOKUKzODCvrvZOaGqxWC6/lK+59Mrrrqy8E2OlYw== test@example';
const ECDSA_256 =
  'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBIjhczlKXoX58UMKJOsIAB8W398FhbJJ/i9N4IUf9UlITDe7+/wJum8V3R+a3aD21K07feHCfWAaKSclxerF5+Q= test@example';

describe.skipIf(!haveTerraform)(
  `Terraform variable validation${haveTerraform ? ' (terraform binary on PATH)' : ' (SKIPPED: no terraform binary on PATH)'}`,
  () => {
    let dir: string;

    beforeAll(() => {
      const json = synthStack(profileWith());
      dir = mkdtempSync(join(tmpdir(), 'tf-vars-'));
      const outputs = Object.fromEntries(Object.keys(json.variable!).map((v) => [v, { value: `\${var.${v}}` }]));
      // The configuration's required_version goes along: init fails if the binary is outside the constraint.
      const terraformBlock = { required_version: json.terraform!.required_version };
      writeFileSync(
        join(dir, 'main.tf.json'),
        JSON.stringify({ terraform: terraformBlock, variable: json.variable, output: outputs }),
      );
      const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(init.status, init.stderr).toBe(0);
    });

    function plan(vars: Record<string, string>) {
      const args = [
        'plan',
        '-input=false',
        '-no-color',
        // client_cidrs has no default in the default profile: a valid value unless the test gives its own.
        ...Object.entries({ client_cidrs: '["192.0.2.0/24"]', ...vars }).flatMap(([k, v]) => ['-var', `${k}=${v}`]),
      ];
      const r = spawnSync('terraform', args, {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, TF_IN_AUTOMATION: '1' },
      });
      return { code: r.status, out: `${r.stdout}${r.stderr}`.replace(/\s+/g, ' ') };
    }

    it('accepts a public key and documentation-range admin CIDRs', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24","198.51.100.7/32"]' });
      expect(r.out).not.toContain('Invalid value for variable');
      expect(r.code).toBe(0);
    });

    it('fails when a client CIDR opens the data ports to the internet', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24"]', client_cidrs: '["0.0.0.0/0"]' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('client_cidrs must not open the data ports to the internet');
    });

    it('fails when the client CIDR list is empty and there is no client pool', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24"]', client_cidrs: '[]' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('client_cidrs must be a non-empty list of IPv4 CIDR blocks');
    });

    it('fails when an admin CIDR opens SSH to the internet', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["0.0.0.0/0"]' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('admin_cidrs must not open SSH to the internet');
    });

    it('fails cleanly when an admin CIDR has no prefix length', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["10.0.0.1"]' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('admin_cidrs must be a non-empty list of IPv4 CIDR blocks');
      expect(r.out).not.toContain('Invalid index');
    });

    it('fails when the admin CIDR list is empty', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '[]' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('admin_cidrs must be a non-empty list');
    });

    it('fails when the SSH key is not an OpenSSH public key', () => {
      const r = plan({ ssh_public_key: '-----BEGIN OPENSSH PRIVATE KEY-----', admin_cidrs: '["203.0.113.0/24"]' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('ssh_public_key must be an OpenSSH RSA (ssh-rsa) or ED25519 (ssh-ed25519) public key');
    });

    it('accepts a 2048-bit RSA key', () => {
      const r = plan({ ssh_public_key: RSA_2048, admin_cidrs: '["203.0.113.0/24"]' });
      expect(r.out).not.toContain('Invalid value for variable');
      expect(r.code).toBe(0);
    });

    it('fails when the SSH key is ECDSA, which the azurerm provider refuses', () => {
      const r = plan({ ssh_public_key: ECDSA_256, admin_cidrs: '["203.0.113.0/24"]' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('ssh_public_key must be an OpenSSH RSA (ssh-rsa) or ED25519 (ssh-ed25519) public key');
    });

    it('fails when the RSA key has fewer than 2048 bits', () => {
      const r = plan({ ssh_public_key: RSA_1024, admin_cidrs: '["203.0.113.0/24"]' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('an ssh-rsa key must have at least 2048 bits');
    });

    it('fails when an ED25519 key is truncated', () => {
      const r = plan({ ssh_public_key: GOOD_KEY.slice(0, 40), admin_cidrs: '["203.0.113.0/24"]' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('ssh_public_key must be an OpenSSH RSA (ssh-rsa) or ED25519 (ssh-ed25519) public key');
    });

    it('accepts the default location and node count, and another zonal region and count in range', () => {
      expect(plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24"]' }).code).toBe(0);
      const r = plan({
        ssh_public_key: GOOD_KEY,
        admin_cidrs: '["203.0.113.0/24"]',
        location: 'westeurope',
        node_count: '250',
      });
      expect(r.out).not.toContain('Invalid value for variable');
      expect(r.code).toBe(0);
    });

    it('fails when the location has no availability zones (the zone is pinned)', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24"]', location: 'ukwest' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('location must be a region with availability zones (zone 1 is pinned)');
    });

    it('fails when the location is a display name or an expression rather than a region name', () => {
      for (const location of ['UK South', '${file("/etc/passwd")}']) {
        const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24"]', location });
        expect(r.code, location).toBe(1);
        expect(r.out, location).toContain('location must be a region with availability zones');
      }
    });

    it('fails when node_count is below the smallest zonal erasure-coding layout', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24"]', node_count: '3' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('node_count must be a whole number from 4 to 250');
    });

    it('fails when node_count exceeds what the node subnet holds', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24"]', node_count: '251' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('at most 250 (the node subnet 10.40.0.0/24 has 256 addresses');
    });

    it('fails when node_count is not a whole number', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24"]', node_count: '8.5' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('node_count must be a whole number');
    });

    it('fails when the resource group name breaks Azure rules', () => {
      const r = plan({ ssh_public_key: GOOD_KEY, admin_cidrs: '["203.0.113.0/24"]', resource_group_name: 'bad name.' });
      expect(r.code).toBe(1);
      expect(r.out).toContain('resource_group_name must be 1-90 letters');
    });
  },
);

describe.skipIf(!haveTerraform)(
  `the bundle's examples/<profile>.tfvars${haveTerraform ? ' (terraform binary on PATH)' : ' (SKIPPED: no terraform binary on PATH)'}`,
  () => {
    const shipped = shippedProfileFiles();

    /** A folder with the profile's variables (and the outputs that read them) and its minimal tfvars, initialised. */
    function workspace(file: string): { dir: string; example: string } {
      const profile = loadProfile(join(SHIPPED_PROFILES_DIR, file));
      return workspaceOf(synthesizeTerraform(profile).document, profile.name);
    }

    /** A folder with a document's variables (and the outputs that read them) and its minimal tfvars, initialised. */
    function workspaceOf(doc: ReturnType<typeof synthesizeTerraform>['document'], name: string) {
      const dir = mkdtempSync(join(tmpdir(), 'tf-example-'));
      const outputs = Object.fromEntries(Object.keys(doc.variable!).map((v) => [v, { value: `\${var.${v}}` }]));
      const config = {
        terraform: { required_version: doc.terraform.required_version },
        variable: doc.variable,
        output: outputs,
      };
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
      const example = renderMinimalTfvars(doc, name);
      const init = spawnSync('terraform', ['init', '-backend=false', '-input=false', '-no-color'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(init.status, init.stderr).toBe(0);
      return { dir, example };
    }

    function planWith(dir: string, tfvars: string) {
      writeFileSync(join(dir, 'example.tfvars'), tfvars);
      const r = spawnSync('terraform', ['plan', '-input=false', '-no-color', '-var-file=example.tfvars'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, TF_IN_AUTOMATION: '1' },
      });
      return { code: r.status, out: `${r.stdout}${r.stderr}` };
    }

    it.each(shipped)('of %s sets every required variable with a value that passes validation', (file) => {
      // GIVEN the minimal tfvars as the bundle ships it WHEN planned with no other input THEN Terraform accepts it
      const { dir, example } = workspace(file);
      const r = planWith(dir, example);
      expect(r.out).not.toMatch(/No value for required variable|Invalid value for variable/);
      expect(r.code, r.out).toBe(0);
    });

    it('with the fault-domains profile, fails when the location has fewer platform fault domains than the layout', () => {
      // GIVEN the 2-fault-domain profile and Qatar Central (zones, but a maximum of 1 fault domain)
      const { dir, example } = workspace('fault-domains.yaml');
      const r = planWith(dir, `${example}location = "qatarcentral"\n`);
      // THEN the location validation refuses it, naming the fault-domain requirement
      expect(r.code).toBe(1);
      expect(r.out.replace(/\s+/g, ' ')).toContain(
        'location must be a region with availability zones and at least 2 platform fault domains',
      );
    });

    it('of a fault-domains profile in a region the fault-domain table lacks passes with the default location', () => {
      // GIVEN a 2-fault-domain profile in Italy North (zones, maximum not in the offline table: the profile names it)
      const profile = profileWith({
        location: 'italynorth',
        zone: undefined,
        placement: { mode: 'fault-domains', faultDomainCount: 2 },
        nodes: { count: 4, vmSize: 'Standard_L80s_v3' },
        network: { adminCidrs: ['203.0.113.0/24'] },
      });
      const doc = synthesizeTerraform(profile).document;
      const { dir, example } = workspaceOf(doc, profile.name);
      // WHEN its minimal tfvars is planned, location left at its default THEN Terraform accepts it
      const r = planWith(dir, example);
      expect(r.out).not.toContain('Invalid value for variable');
      expect(r.code, r.out).toBe(0);
    });

    it('of the complete example profile (docs/examples) passes validation, overrides uncommented too', () => {
      // GIVEN the documented profile with every optional part (management node, client pool, peering, capacity
      // reservation off, remote state) WHEN its minimal tfvars is planned, then with every override uncommented
      const profile = loadProfile(join(__dirname, '..', '..', 'docs', 'examples', 'profile.complete.yaml'));
      const { dir, example } = workspaceOf(synthesizeTerraform(profile).document, profile.name);
      const minimal = planWith(dir, example);
      const overridden = planWith(dir, example.replace(/^# ([a-z_]+ = .*)$/gm, '$1'));
      // THEN Terraform accepts both
      expect(minimal.code, minimal.out).toBe(0);
      expect(overridden.code, overridden.out).toBe(0);
      expect(example).toContain('# location = "westeurope"');
    });

    it('of default.yaml takes the defaults when location and node_count are set to null', () => {
      // GIVEN the minimal tfvars with both profile-value variables set to null (as a generated tfvars may leave them)
      const { dir, example } = workspace('default.yaml');
      const r = planWith(dir, `${example}location = null\nnode_count = null\n`);
      // THEN Terraform uses the defaults instead of failing inside the validation functions
      expect(r.out).not.toContain('Invalid function argument');
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/location\s+=\s+"uksouth"/);
      expect(r.out).toMatch(/node_count\s+=\s+8/);
    });

    it.each(shipped)('of %s has commented overrides that are valid when uncommented', (file) => {
      // GIVEN every "# name = value" line uncommented WHEN planned THEN the overrides parse and pass validation
      const { dir, example } = workspace(file);
      const uncommented = example.replace(/^# ([a-z_]+ = .*)$/gm, '$1');
      expect(uncommented).toContain('\nlocation = "uksouth"');
      const r = planWith(dir, uncommented);
      expect(r.code, r.out).toBe(0);
    });

    it.each(shipped)('of %s stays in terraform fmt layout with one or every override uncommented', (file) => {
      // GIVEN the file with every "# name = value" line uncommented, and with each one alone uncommented
      const { dir, example } = workspace(file);
      const overrides = [...example.matchAll(/^# ([a-z_]+) = .*$/gm)].map((m) => m[1]!);
      expect(overrides).toContain('location');
      const variants = [
        example.replace(/^# ([a-z_]+ = .*)$/gm, '$1'),
        ...overrides.map((n) => example.replace(new RegExp(`^# (${n} = .*)$`, 'm'), '$1')),
      ];
      variants.forEach((text, i) => writeFileSync(join(dir, `v${i}.tfvars`), text));
      // WHEN terraform fmt checks them THEN none needs reformatting
      const r = spawnSync(
        'terraform',
        ['fmt', '-check', '-diff', '-no-color', ...variants.map((_, i) => `v${i}.tfvars`)],
        { cwd: dir, encoding: 'utf8' },
      );
      expect(r.stdout).toBe('');
      expect(r.status, r.stdout).toBe(0);
    });
  },
);
