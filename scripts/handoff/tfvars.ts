/**
 * `terraform.tfvars.example`: every variable of the configuration with a safe example value (documentation-range
 * addresses, an obviously fake key), its description and its rules as comments.
 */
import { VARIABLES } from '../../stacks/variables';
import { compareStrings, type Json, type TerraformDocument } from './terraform';

/** An example public key that matches the key format but is plainly a placeholder: it grants nobody access. */
export const EXAMPLE_SSH_PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIREPLACEwithYOURownPUBLICkeyEXAMPLEonly00000 you@example.com';

/**
 * Example values for the stack's variables. Addresses are from the documentation ranges (RFC 5737), so an
 * unedited example opens nothing real.
 */
export const EXAMPLE_VALUES: Readonly<Record<string, Json>> = {
  [VARIABLES.sshPublicKey]: EXAMPLE_SSH_PUBLIC_KEY,
  [VARIABLES.adminCidrs]: ['203.0.113.0/24', '198.51.100.10/32'],
  [VARIABLES.clientCidrs]: ['192.0.2.0/24'],
};

/** Example values used only when the variable has no default (e.g. an existing resource group's name). */
export const EXAMPLES_WITHOUT_DEFAULT: Readonly<Record<string, Json>> = {
  [VARIABLES.resourceGroupName]: 'rg-vast-poc-existing',
};

/** The example value of a variable: the table above, else its default, else the fallback example. */
export function exampleValue(name: string, variable: { readonly default?: Json }): Json {
  if (name in EXAMPLE_VALUES) return EXAMPLE_VALUES[name]!;
  if (variable.default !== undefined) return variable.default;
  if (name in EXAMPLES_WITHOUT_DEFAULT) return EXAMPLES_WITHOUT_DEFAULT[name]!;
  throw new Error(
    `variable ${name} has no default and no example value: add one to EXAMPLE_VALUES in scripts/handoff/tfvars.ts`,
  );
}

/** Renders `terraform.tfvars.example` (HCL, `terraform fmt` layout). */
export function renderTfvarsExample(doc: TerraformDocument): string {
  const names = Object.keys(doc.variable ?? {}).sort(compareStrings);
  const lines = [
    '# Example values for every input of this configuration. Copy to terraform.tfvars, replace the values, and',
    '# keep the real file out of version control. Each rule below is also enforced by a validation block.',
  ];
  for (const name of names) {
    const v = doc.variable![name]!;
    lines.push('');
    if (v.description) lines.push(...wrapComment(v.description));
    for (const rule of v.validation ?? []) lines.push(...wrapComment(`Rule: ${rule.error_message}`));
    if (v.default !== undefined) lines.push(`# Default: ${JSON.stringify(v.default)}`);
    if (v.sensitive) lines.push('# Sensitive: Terraform hides this value in plan and apply output.');
    lines.push(`${name} = ${hclLiteral(exampleValue(name, v))}`);
  }
  return `${lines.join('\n')}\n`;
}

function wrapComment(text: string, width = 116): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      out.push(`# ${line}`);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) out.push(`# ${line}`);
  return out;
}

/** A literal HCL value on one line (tfvars values are literals: `${` is escaped). */
export function hclLiteral(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') {
    return JSON.stringify(v).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(hclLiteral).join(', ')}]`;
  const keys = Object.keys(v).sort(compareStrings);
  return keys.length === 0 ? '{}' : `{ ${keys.map((k) => `${JSON.stringify(k)} = ${hclLiteral(v[k]!)}`).join(', ')} }`;
}

/** Folder of the minimal per-profile tfvars inside the bundle. */
export const EXAMPLES_DIR = 'examples';

/** The bundle path of a profile's minimal tfvars: `examples/<profile name>.tfvars`. */
export function minimalTfvarsPath(profileName: string): string {
  return `${EXAMPLES_DIR}/${profileName}.tfvars`;
}

/**
 * Renders `examples/<profile>.tfvars`: only the variables without a default, with the safe example values of
 * `terraform.tfvars.example` (an obviously fake key, documentation-range addresses), then every variable with a
 * default as a commented override showing that default. `terraform fmt` layout: the equals signs of the required
 * values line up.
 */
export function renderMinimalTfvars(doc: TerraformDocument, profileName: string): string {
  const names = Object.keys(doc.variable ?? {}).sort(compareStrings);
  const required = names.filter((n) => doc.variable![n]!.default === undefined);
  const optional = names.filter((n) => doc.variable![n]!.default !== undefined);
  const width = Math.max(0, ...required.map((n) => n.length));
  const lines = [
    `# Minimal inputs for profile "${profileName}": the variables that have no default. Replace every value, then from`,
    `# terraform/: terraform plan -var-file=../${minimalTfvarsPath(profileName)} (or copy it to terraform/terraform.tfvars).`,
    '# Keep the edited file out of version control. terraform.tfvars.example describes every input and its rules.',
    '',
    ...required.map((n) => `${n.padEnd(width)} = ${hclLiteral(exampleValue(n, doc.variable![n]!))}`),
  ];
  if (optional.length > 0) {
    lines.push(
      ...(required.length > 0 ? [''] : []),
      "# Optional: these have defaults (the profile's values); uncomment a line to override it.",
      // One blank line apart: uncommenting any of them, alone or together, leaves the file in terraform fmt layout
      // (fmt would align the "=" of adjacent lines).
      ...optional.flatMap((n, i) => [...(i > 0 ? [''] : []), `# ${n} = ${hclLiteral(doc.variable![n]!.default!)}`]),
    );
  }
  return `${lines.join('\n')}\n`;
}
