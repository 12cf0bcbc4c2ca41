import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import { CORE_SCHEMA, load as parseYaml } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { profileDocsWanted } from '../../scripts/profile-docs/command';
import {
  caseless,
  PROFILE_DOC_PATH,
  PROFILE_EXAMPLE_PATH,
  PROFILE_SCHEMA_PATH,
  renderFieldTable,
  renderProfileDoc,
} from '../../stacks/profile/docs';
import { loadProfile, SHIPPED_PROFILES_DIR, shippedProfileFiles } from '../../stacks/profile/load';
import { fieldAt, profileModel } from '../../stacks/profile/model';
import { validateProfile } from '../../stacks/profile/schema';
import { DEFAULT_NODE_COUNT } from '../../constructs/compute/node-pool';
import { DEFAULT_OS_DISK_SIZE_GIB } from '../../constructs/compute/linux-vm-common';
import { DEFAULT_OFFLOAD_CONTAINER_NAME } from '../../constructs/storage/offload-account';
import { baseProfileData, only, profileIssues, resources, synthStack } from '../support/terraform';

const ROOT = join(__dirname, '..', '..');
const SHIPPED = shippedProfileFiles().map((f) => join(SHIPPED_PROFILES_DIR, f));

/** A YAML profile file parsed the way the loader parses it. */
function readYaml(path: string): unknown {
  return parseYaml(readFileSync(path, 'utf8'), { schema: CORE_SCHEMA });
}

let compiled: ValidateFunction | undefined;

/** A validator for the committed JSON Schema (ajv in strict mode, draft 2020-12, every error reported). */
function schemaValidator(): ValidateFunction {
  compiled ??= new Ajv2020({ strict: true, allErrors: true }).compile(
    JSON.parse(readFileSync(join(ROOT, PROFILE_SCHEMA_PATH), 'utf8')) as object,
  );
  return compiled;
}

/** The base data with one change. */
function patched(patch: (d: Record<string, any>) => void): Record<string, unknown> {
  const data = baseProfileData() as Record<string, any>;
  patch(data);
  return data;
}

describe('generated profile documents', () => {
  it('are up to date with the model (run `npm run profile:docs` when this fails)', () => {
    // GIVEN the committed JSON Schema and docs/profile.md  WHEN they are rendered afresh  THEN they are identical
    for (const { path, content } of profileDocsWanted(ROOT)) {
      expect(readFileSync(join(ROOT, path), 'utf8'), path).toBe(content);
    }
  });

  it('fails the staleness check when a generated section is edited by hand', () => {
    // GIVEN docs/profile.md with one row of the field table changed
    const committed = readFileSync(join(ROOT, PROFILE_DOC_PATH), 'utf8');
    const edited = committed.replace('| `nodes.count` | no | `8` |', '| `nodes.count` | no | `6` |');
    expect(edited).not.toBe(committed);
    // WHEN it is rendered THEN the row is the model's again
    const example = readFileSync(join(ROOT, PROFILE_EXAMPLE_PATH), 'utf8');
    expect(renderProfileDoc(edited, example)).toBe(committed);
  });

  it('lists the allowed regions and sizes and the construct defaults in the table', () => {
    const table = renderFieldTable();
    expect(table).toContain('`westeurope`');
    expect(table).toContain('`Standard_L96s_v4`');
    expect(table).toContain('`Standard_D8s_v5`');
    expect(table).toContain(`| \`nodes.count\` | no | \`${DEFAULT_NODE_COUNT}\` |`);
    expect(table).toContain(`| \`nodes.osDiskSizeGiB\` | no | \`${DEFAULT_OS_DISK_SIZE_GIB}\` |`);
    expect(table).toContain(`| \`offload.containerName\` | no | \`${DEFAULT_OFFLOAD_CONTAINER_NAME}\` |`);
  });

  it('fails rendering when the markers of a section are missing', () => {
    expect(() => renderProfileDoc('# no markers\n', 'name: x\n')).toThrow(/markers of the "fields" section/);
  });
});

describe('profile JSON Schema', () => {
  it('validates every shipped profile and the complete example', () => {
    const validate = schemaValidator();
    for (const path of [...SHIPPED, join(ROOT, PROFILE_EXAMPLE_PATH)]) {
      const ok = validate(readYaml(path));
      expect(validate.errors ?? [], path).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('is named on the first line of every shipped profile, by a path that reaches it', () => {
    for (const path of [...SHIPPED, join(ROOT, PROFILE_EXAMPLE_PATH)]) {
      const first = readFileSync(path, 'utf8').split('\n')[0]!;
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, path).not.toBeNull();
      expect(resolve(dirname(path), m![1]!)).toBe(join(ROOT, PROFILE_SCHEMA_PATH));
    }
  });

  const bad: Array<[string, (d: Record<string, any>) => void, string]> = [
    ['an unknown field', (d) => (d.nodes.vmsize = 'Standard_L96s_v4'), 'additionalProperties'],
    ['a size outside the catalog', (d) => (d.nodes.vmSize = 'Standard_D8s_v5'), 'enum'],
    ['a region without zones', (d) => (d.location = 'ukwest'), 'enum'],
    ['a node count out of range', (d) => (d.nodes.count = 0), 'minimum'],
    ['a missing required tag', (d) => delete d.tags.owner, 'required'],
    ['a template sequence in a string', (d) => (d.description = 'see ${file("/etc/passwd")}'), 'not'],
    ['a tag name Azure reserves', (d) => (d.tags.MicrosoftThing = 'x'), 'pattern'],
    ['a backend of azurerm without its account', (d) => (d.backend = { type: 'azurerm' }), 'required'],
    ['a repeated access protocol', (d) => (d.access = { protocols: ['nfs', 's3', 'nfs'] }), 'uniqueItems'],
  ];
  it.each(bad)('rejects %s', (_what, patch, keyword) => {
    // GIVEN the base data, which the schema accepts, with one bad change
    const validate = schemaValidator();
    expect(validate(baseProfileData())).toBe(true);
    // WHEN validated THEN the schema refuses it with the expected keyword, as the toolkit does
    expect(validate(patched(patch))).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain(keyword);
    expect(() => validateProfile(patched(patch))).toThrow(/invalid profile/);
  });

  it('matches a case-insensitive resource id pattern in any casing', () => {
    const validate = schemaValidator();
    const id = '/subscriptions/x/resourceGroups/y/providers/Microsoft.OperationalInsights/workspaces/z';
    for (const workspaceId of [id, id.toLowerCase(), id.toUpperCase()]) {
      expect(validate(patched((d) => (d.diagnostics = { enabled: true, workspaceId }))), workspaceId).toBe(true);
    }
    expect(validate(patched((d) => (d.diagnostics = { enabled: true, workspaceId: '/subscriptions/x' })))).toBe(false);
  });

  it('refuses a character class with a letter when making a pattern caseless', () => {
    expect(caseless('^a\\.b[^/]+$')).toBe('^[Aa]\\.[Bb][^/]+$');
    expect(() => caseless('^[a-z]+$')).toThrow(/holds a letter/);
  });
});

describe('profile model and validator', () => {
  it('agree on every default of a minimal profile', () => {
    // GIVEN the base data WHEN the model parses it and the validator validates it
    const modelled = profileModel.parse(baseProfileData());
    const validated = validateProfile(baseProfileData());
    // THEN every part the validator does not derive is the same
    for (const part of [
      'network',
      'access',
      'management',
      'clientPool',
      'capacityReservation',
      'resourceGroup',
      'backend',
      'planning',
      'diagnostics',
    ] as const) {
      expect(validated[part], part).toEqual(modelled[part]);
    }
    const { bootstrapScript: _none, ...nodes } = modelled.nodes;
    expect(validated.nodes).toEqual(nodes);
    const { namePrefix, ...offload } = modelled.offload;
    expect(validated.offload).toEqual({ ...offload, accountName: expect.stringMatching(new RegExp(`^${namePrefix}`)) });
  });

  /** Every field path of the model, maps included, in model order (list elements are not descended into). */
  function modelPaths(path = ''): string[] {
    const keys = fieldAt(path).keys ?? [];
    return keys.flatMap((k) => {
      const child = path ? `${path}.${k}` : k;
      return [child, ...modelPaths(child)];
    });
  }

  /** The base data with `value` put at a dotted path (maps on the way created); an azurerm backend for its fields. */
  function withValueAt(path: string, value: unknown): Record<string, unknown> {
    const data = baseProfileData() as Record<string, any>;
    if (path.startsWith('backend.') && path !== 'backend.type' && path !== 'backend.path') {
      data.backend = { type: 'azurerm', resourceGroupName: 'rg-state', storageAccountName: 'ststate' };
    }
    const steps = path.split('.');
    let at = data;
    for (const step of steps.slice(0, -1)) at = at[step] ??= {};
    at[steps[steps.length - 1]!] = value;
    return data;
  }

  it('reads every field of the model: a value of the wrong kind anywhere is reported at that field', () => {
    // GIVEN each field of the model in turn, given a value of the wrong kind (a map for a value, text for a map)
    const paths = modelPaths();
    expect(paths.length).toBeGreaterThan(60);
    for (const path of paths) {
      const wrong = fieldAt(path).keys ? 'text' : { wrong: true };
      const data = withValueAt(path, wrong);
      // WHEN the validator and the model check it THEN both refuse it, and the validator names that field
      const fields = profileIssues(data).map((i) => i.field);
      expect(
        fields.some((f) => f === path || f.startsWith(`${path}.`) || f.startsWith(`${path}[`)),
        path,
      ).toBe(true);
      expect(profileModel.safeParse(data).success, path).toBe(false);
    }
  });

  it('fails loudly when the validator asks for a field the model does not have', () => {
    expect(() => fieldAt('nodes.colour')).toThrow(/nodes.colour names no field of the model/);
    expect(fieldAt('backend.type').values).toEqual(['local', 'azurerm']);
    expect(fieldAt('policy.suppressions[3].reason').doc?.allowed).toMatch(/non-empty reason/);
  });
});

describe('the complete example in docs/profile.md', () => {
  it('synthesizes, with every section it sets reflected in the Terraform', () => {
    // GIVEN the example file (as docs/profile.md shows it) WHEN it is loaded and synthesized
    const profile = loadProfile(join(ROOT, PROFILE_EXAMPLE_PATH));
    const json = synthStack(profile);
    // THEN the client pool, the peering, the workspace, the lock and the azurerm backend are there
    expect(resources(json, 'azurerm_orchestrated_virtual_machine_scale_set')).toHaveLength(2);
    expect(only(json, 'azurerm_virtual_network_peering')).toMatchObject({
      remote_virtual_network_id: expect.stringMatching(/\/virtualNetworks\/vnet-apps$/),
    });
    expect(only(json, 'azurerm_log_analytics_workspace')).toMatchObject({ retention_in_days: 30 });
    expect(only(json, 'azurerm_management_lock')).toMatchObject({ lock_level: 'CanNotDelete' });
    expect(json.terraform?.backend).toMatchObject({ azurerm: { key: 'contoso-poc.tfstate' } });
    expect(profile.nodes.bootstrapScript).toContain('VAST installer');
  });
});
