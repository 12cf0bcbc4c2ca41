/**
 * The benchmark floor: a bare cdktf app that declares exactly the resources of a given synthesized stack with the
 * provider's own typed classes (what a hand-written cdktf app would do), but without profiles, constructs,
 * validation, cloud-init rendering or the policy pack.
 *
 * Usage: node dist/scripts/bench/floor-app.js <cdk.tf.json> <outdir> (compiled by bin/build.mjs, not bundled).
 */
import { readFileSync } from 'node:fs';
import { App, TerraformResource, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';

type ResourceClass = (new (scope: Construct, id: string, config: unknown) => TerraformResource) & {
  tfResourceType?: string;
};

const [input, outdir] = process.argv.slice(2);
if (!input || !outdir) throw new Error('usage: floor-app.ts <cdk.tf.json> <outdir>');
const json = JSON.parse(readFileSync(input, 'utf8')) as {
  provider: { azurerm: Array<Record<string, unknown>> };
  resource: Record<string, Record<string, Record<string, unknown>>>;
};

/** Terraform attribute names back to the bindings' camelCase config, recursively (values are kept as they are). */
function camel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camel);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== '//' && k !== 'depends_on')
      .map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), k === 'tags' ? v : camel(v)]),
  );
}

/** The binding's class for a resource type, from its per-resource module. */
function resourceClass(type: string): ResourceClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(`@cdktf/provider-azurerm/lib/${type.replace(/^azurerm_/, '').replace(/_/g, '-')}`) as Record<
    string,
    ResourceClass
  >;
  const cls = Object.values(mod).find((c) => typeof c === 'function' && c.tfResourceType === type);
  if (!cls) throw new Error(`no binding class for ${type}`);
  return cls;
}

const app = new App({ outdir, stackTraces: false });
const stack = new TerraformStack(app, 'floor');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { AzurermProvider } = require('@cdktf/provider-azurerm/lib/provider') as {
  AzurermProvider: new (scope: Construct, id: string, config: unknown) => unknown;
};
new AzurermProvider(stack, 'azurerm', camel(json.provider.azurerm[0]));
for (const [type, byId] of Object.entries(json.resource)) {
  const Cls = resourceClass(type);
  for (const [id, config] of Object.entries(byId)) {
    const r = new Cls(stack, id, camel(config));
    if (Array.isArray(config.depends_on)) r.addOverride('depends_on', config.depends_on);
  }
}
app.synth();
