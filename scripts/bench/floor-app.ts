/**
 * The benchmark floor: a bare cdktf app that declares exactly the resources of a given synthesized stack, loading
 * the same per-resource provider modules, but without profiles, constructs, validation or cloud-init rendering.
 *
 * Usage: tsx scripts/bench/floor-app.ts <cdk.tf.json> <outdir>
 */
import { readFileSync } from 'node:fs';
import { App, TerraformResource, TerraformStack } from 'cdktf';

const [input, outdir] = process.argv.slice(2);
if (!input || !outdir) throw new Error('usage: floor-app.ts <cdk.tf.json> <outdir>');
const json = JSON.parse(readFileSync(input, 'utf8')) as {
  resource: Record<string, Record<string, Record<string, unknown>>>;
};

const app = new App({ outdir, stackTraces: false });
const stack = new TerraformStack(app, 'floor');
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@cdktf/provider-azurerm/lib/provider');
for (const [type, byId] of Object.entries(json.resource)) {
  // Pay the same module-loading cost as the toolkit: one provider module per resource type.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(`@cdktf/provider-azurerm/lib/${type.replace(/^azurerm_/, '').replace(/_/g, '-')}`);
  for (const [id, config] of Object.entries(byId)) {
    const r = new TerraformResource(stack, id, { terraformResourceType: type });
    for (const [k, v] of Object.entries(config)) if (k !== '//') r.addOverride(k, v);
  }
}
app.synth();
