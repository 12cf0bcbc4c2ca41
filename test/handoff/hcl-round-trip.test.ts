/**
 * HCL round trip (issue 12, item 7): the bundle's HCL, parsed by `@cdktf/hcl2json` (HashiCorp's HCL parser compiled
 * to WebAssembly, the one cdktf's own `convert` uses), must say exactly what the bundle's `main.tf.json` says, for
 * every shipped profile. The JSON is brought into hcl2json's shape; every normalisation is one HCL→JSON
 * conversion legitimately makes, and is explained where it is applied. Nothing is dropped from either side.
 */
import { join } from 'node:path';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { HCL_DIR, JSON_DIR } from '../../scripts/handoff/bundle';
import type { BlockSchema } from '../../scripts/handoff/terraform';
import { bundleFor, file, type BuiltBundle } from './support';
import { shippedProfileFiles, SHIPPED_PROFILES_DIR } from '../../stacks/profile/load';
import type { JsonObject, JsonValue as Json } from '../../lib/json';

const SHIPPED_PROFILES = shippedProfileFiles();

/** The Terraform files of the HCL half of the bundle (terraform.tfvars.example is input values, not configuration). */
function hclFiles(bundle: BuiltBundle): { path: string; content: string }[] {
  return bundle.files.filter((f) => f.path.startsWith(`${HCL_DIR}/`) && f.path.endsWith('.tf'));
}

/**
 * Parses every HCL file and joins their top-level keys into one document. Each top-level key (resource, variable,
 * output, provider, terraform) must come from one file only, so joining is a plain union that cannot hide a
 * duplicate.
 */
async function parseBundleHcl(bundle: BuiltBundle): Promise<JsonObject> {
  const joined: JsonObject = {};
  for (const f of hclFiles(bundle)) {
    const parsed = (await parse(f.path, f.content)) as JsonObject;
    for (const [key, v] of Object.entries(parsed)) {
      if (key in joined) throw new Error(`top-level "${key}" appears in more than one HCL file (again in ${f.path})`);
      joined[key] = v;
    }
  }
  return joined;
}

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * hcl2json writes every block as a list of bodies (a block type may repeat), while Terraform JSON writes a block
 * that occurs once as an object. Normalisation: a block's value becomes a list of its bodies.
 */
function asBlockList(v: Json): Json[] {
  return Array.isArray(v) ? v : [v];
}

/**
 * A block body in hcl2json's shape. `schemaPath` is the body's key in the provider's block schema (the same source
 * the renderer uses): only nested keys the schema calls blocks are turned into lists of bodies, so a map rendered
 * as a block, or a block rendered as an attribute, still differs.
 */
function blockBody(body: JsonObject, schemaPath: string, blocks: BlockSchema): JsonObject {
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(body)) {
    const childPath = `${schemaPath}/${key}`;
    out[key] = blocks.has(childPath)
      ? asBlockList(v).map((item) => blockBody(item as JsonObject, childPath, blocks))
      : v;
  }
  return out;
}

/**
 * hcl2json writes an expression that is not a literal (a bare reference, a type constraint) as a template
 * `${…}`; Terraform JSON writes a reference in `depends_on`/`provider` and a variable's `type` as a bare string.
 * Normalisation: wrap those bare strings in `${…}`.
 */
function asExpression(v: string): string {
  return `\${${v}}`;
}

/** The bundle's main.tf.json in the shape hcl2json gives the HCL. */
function toHcl2JsonShape(doc: JsonObject, blocks: BlockSchema): JsonObject {
  const out: JsonObject = {};
  for (const [section, content] of Object.entries(doc)) {
    if (!isObject(content)) throw new Error(`main.tf.json: "${section}" is not an object`);
    switch (section) {
      case 'terraform': {
        // `terraform`, `required_providers` and `backend "<type>"` are blocks: lists of bodies in hcl2json.
        const { required_providers: req, backend, ...rest } = content;
        const body: JsonObject = { ...rest, required_providers: [req!] };
        if (isObject(backend)) {
          body.backend = Object.fromEntries(Object.entries(backend).map(([type, cfg]) => [type, [cfg]]));
        }
        out.terraform = [body];
        break;
      }
      case 'provider':
        // Terraform JSON already lists provider configurations; their nested blocks (features) follow the schema.
        out.provider = Object.fromEntries(
          Object.entries(content).map(([name, cfgs]) => [
            name,
            asBlockList(cfgs).map((cfg) => blockBody(cfg as JsonObject, `provider:${name}`, blocks)),
          ]),
        );
        break;
      case 'variable':
        out.variable = Object.fromEntries(
          Object.entries(content).map(([name, v]) => {
            const { type, ...rest } = v as JsonObject;
            const body: JsonObject = { ...rest };
            if (typeof type === 'string') body.type = asExpression(type);
            return [name, [body]];
          }),
        );
        break;
      case 'output':
        out.output = Object.fromEntries(Object.entries(content).map(([name, o]) => [name, [o]]));
        break;
      case 'resource':
      case 'data': {
        const kind = section;
        out[kind] = Object.fromEntries(
          Object.entries(content).map(([type, byName]) => [
            type,
            Object.fromEntries(
              Object.entries(byName as JsonObject).map(([name, body]) => {
                const { depends_on: dependsOn, provider, ...rest } = body as JsonObject;
                const shaped = blockBody(rest, `${kind}:${type}`, blocks);
                if (Array.isArray(dependsOn)) shaped.depends_on = dependsOn.map((d) => asExpression(d as string));
                if (typeof provider === 'string') shaped.provider = asExpression(provider);
                return [name, [shaped]];
              }),
            ),
          ]),
        );
        break;
      }
      case 'locals':
        out.locals = [content];
        break;
      default:
        throw new Error(`main.tf.json: top-level "${section}" is not covered by this round trip`);
    }
  }
  return out;
}

describe.each(SHIPPED_PROFILES)('the HCL of the %s bundle', (profileFile) => {
  it('parses to the same configuration as its main.tf.json', async () => {
    // GIVEN the bundle of a shipped profile
    const bundle = bundleFor(join(SHIPPED_PROFILES_DIR, profileFile));
    const json = JSON.parse(file(bundle, `${JSON_DIR}/main.tf.json`)) as JsonObject;
    // WHEN its HCL files are parsed by HashiCorp's HCL parser
    const hcl = await parseBundleHcl(bundle);
    // THEN they hold exactly the JSON configuration, in hcl2json's shape
    expect(hcl).toEqual(toHcl2JsonShape(json, bundle.terraform.blocks));
  });

  it('ships a main.tf.json that is the synthesized configuration', () => {
    // GIVEN the bundle WHEN its main.tf.json is read THEN it is the cleaned synthesized document, nothing else
    const bundle = bundleFor(join(SHIPPED_PROFILES_DIR, profileFile));
    expect(JSON.parse(file(bundle, `${JSON_DIR}/main.tf.json`))).toEqual(bundle.terraform.document);
  });
});

describe('the round-trip comparison', () => {
  it('fails when the HCL renders a map attribute as a block', async () => {
    // GIVEN a resource whose tags map (not a block in the schema) was written as a block
    const hcl = (await parse(
      'main.tf',
      'resource "azurerm_thing" "a" {\n  tags {\n    owner = "me"\n  }\n}\n',
    )) as JsonObject;
    const json: JsonObject = { resource: { azurerm_thing: { a: { tags: { owner: 'me' } } } } };
    // WHEN compared THEN the two differ
    expect(hcl).not.toEqual(toHcl2JsonShape(json, new Set()));
  });

  it('fails when the HCL renders a block as an object attribute', async () => {
    // GIVEN a resource whose os_disk block was written as an attribute
    const hcl = (await parse(
      'main.tf',
      'resource "azurerm_thing" "a" {\n  os_disk = {\n    caching = "None"\n  }\n}\n',
    )) as JsonObject;
    const json: JsonObject = { resource: { azurerm_thing: { a: { os_disk: { caching: 'None' } } } } };
    // WHEN compared with os_disk known as a block THEN the two differ
    expect(hcl).not.toEqual(toHcl2JsonShape(json, new Set(['resource:azurerm_thing/os_disk'])));
  });

  it('matches a block written as a block and a reference in depends_on', async () => {
    // GIVEN the correct HCL for a resource with a block and a dependency
    const hcl = (await parse(
      'main.tf',
      'resource "azurerm_thing" "a" {\n  os_disk {\n    caching = "None"\n  }\n  depends_on = [azurerm_other.b]\n}\n',
    )) as JsonObject;
    const json: JsonObject = {
      resource: { azurerm_thing: { a: { os_disk: { caching: 'None' }, depends_on: ['azurerm_other.b'] } } },
    };
    // WHEN compared THEN they are equal
    expect(hcl).toEqual(toHcl2JsonShape(json, new Set(['resource:azurerm_thing/os_disk'])));
  });
});
