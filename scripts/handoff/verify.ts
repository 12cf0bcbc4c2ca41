/**
 * Checks a handoff bundle before it is sent, or after it arrives: every file matches `SHA256SUMS` and none is
 * missing or unlisted, the Terraform is `terraform fmt` canonical, and, when asked and the Terraform registry is
 * reachable, `terraform validate` accepts the configuration with the pinned provider.
 *
 * External commands run through zx (`$`), never through a shell string: arguments are passed as an array.
 */
import { cpSync, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { $ } from 'zx';
import { CHECKSUM_FILE, parseChecksums, sha256 } from './integrity';
import { HCL_DIR } from './bundle';
import { EXAMPLES_DIR } from './tfvars';
import { InputError, OutsideError } from '../../lib/failure';
import { describeFileType } from '../lib/cli';

/** One verification step's outcome. */
export interface VerifyStep {
  readonly id: 'checksums' | 'terraform-fmt' | 'terraform-validate';
  readonly status: 'ok' | 'failed' | 'skipped';
  readonly message: string;
}

/** Options of {@link verifyBundle}. */
export interface VerifyOptions {
  /** Also run `terraform init -backend=false` and `terraform validate` (downloads the pinned provider). */
  readonly validate?: boolean;
  /**
   * The terraform binary.
   *
   * @default "terraform" from PATH
   */
  readonly terraform?: string;
}

/**
 * Thrown when `terraform init` cannot fetch the provider: the outside world, not the bundle (an OutsideError, exit
 * 3).
 */
export class RegistryUnreachableError extends OutsideError {
  override readonly name = 'RegistryUnreachableError';
  constructor(message: string) {
    super(message, 'run it where registry.terraform.io is reachable, or without --validate');
  }
}

/**
 * Thrown when `--validate` is asked but no terraform binary can run: this machine lacks a tool, the registry was
 * never contacted (an OutsideError, exit 3, with its own message and remedy).
 */
export class TerraformMissingError extends OutsideError {
  override readonly name = 'TerraformMissingError';
  constructor(message: string) {
    super(
      message,
      'install Terraform (https://developer.hashicorp.com/terraform/install) and put it on PATH, or run without --validate',
    );
  }
}

/**
 * The folder is not a bundle: no `SHA256SUMS` regular file in it (an InputError, exit 2: the user named the wrong
 * folder).
 */
export class NotABundleError extends InputError {
  override readonly name = 'NotABundleError';
}

/**
 * Verifies the bundle in `dir`. Nothing in the bundle is trusted: paths in `SHA256SUMS` must be plain relative
 * paths listed once, symbolic links are reported and never followed, and terraform does not run on a bundle whose
 * checksums failed.
 *
 * @throws NotABundleError when `dir` has no `SHA256SUMS` regular file.
 * @throws TerraformMissingError when `validate` is asked and no terraform binary runs.
 * @throws RegistryUnreachableError when `validate` is asked and `terraform init` cannot install the provider.
 */
export async function verifyBundle(dir: string, options: VerifyOptions = {}): Promise<VerifyStep[]> {
  const sums = join(dir, CHECKSUM_FILE);
  const sumsStat = lstatOrUndefined(sums);
  if (!sumsStat?.isFile()) {
    throw new NotABundleError(
      `${dir} is not a handoff bundle: ${sumsStat ? `its ${CHECKSUM_FILE} is ${describeFileType(sumsStat)}` : `it has no ${CHECKSUM_FILE}`}`,
    );
  }
  const steps: VerifyStep[] = [checksums(dir, readFileSync(sums, 'utf8'))];
  if (steps[0]!.status === 'failed') {
    // Terraform follows links and reads what it finds: it does not run on a bundle that is not what it claims.
    const message = 'not run: the checksums failed, so the bundle is not the one that was generated';
    steps.push({ id: 'terraform-fmt', status: 'skipped', message });
    steps.push({ id: 'terraform-validate', status: 'skipped', message });
    return steps;
  }

  const terraform = options.terraform ?? 'terraform';
  const hclDir = join(dir, HCL_DIR);
  const missing = await terraformProblem(terraform);
  const available = missing === undefined;
  if (!available) {
    steps.push({ id: 'terraform-fmt', status: 'skipped', message: missing });
  } else {
    // The configuration, and the example tfvars when the bundle has them (one run per folder: older CLIs take one).
    const folders = [HCL_DIR, ...(existsSync(join(dir, EXAMPLES_DIR)) ? [EXAMPLES_DIR] : [])];
    const problems: string[] = [];
    for (const folder of folders) {
      const fmt = await $({
        nothrow: true,
        quiet: true,
      })`${terraform} fmt -check -recursive -list=true ${join(dir, folder)}`;
      const unformatted = fmt.stdout.split('\n').filter(Boolean);
      if (fmt.exitCode !== 0) problems.push(unformatted.map((f) => relative(dir, f)).join(', ') || fmt.stderr.trim());
    }
    steps.push(
      problems.length === 0
        ? {
            id: 'terraform-fmt',
            status: 'ok',
            message: `${folders.map((f) => `${f}/`).join(' and ')} ${folders.length > 1 ? 'are' : 'is'} terraform fmt canonical`,
          }
        : { id: 'terraform-fmt', status: 'failed', message: `not terraform fmt canonical: ${problems.join(', ')}` },
    );
  }

  if (!options.validate) {
    steps.push({
      id: 'terraform-validate',
      status: 'skipped',
      message: 'not asked (--validate downloads the pinned azurerm provider from the Terraform registry)',
    });
  } else if (!available) {
    // Asked for explicitly: a check that cannot run must not look like a pass.
    throw new TerraformMissingError(`--validate runs terraform, but ${missing}`);
  } else {
    // A copy, so that init's .terraform folder and lock file never land in the bundle.
    const work = mkdtempSync(join(tmpdir(), 'vast-verify-'));
    try {
      cpSync(hclDir, work, { recursive: true });
      const env = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
      const run = $({ nothrow: true, quiet: true, env, cwd: work });
      const init = await run`${terraform} init -backend=false -input=false -no-color`;
      if (init.exitCode !== 0) {
        throw new RegistryUnreachableError(
          `terraform init could not install the pinned provider: ${diagnostic(init.stderr || init.stdout)}`,
        );
      }
      const validate = await run`${terraform} validate -no-color`;
      steps.push(
        validate.exitCode === 0
          ? { id: 'terraform-validate', status: 'ok', message: 'terraform validate: the configuration is valid' }
          : {
              id: 'terraform-validate',
              status: 'failed',
              message: `terraform validate: ${diagnostic(validate.stderr || validate.stdout)}`,
            },
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  return steps;
}

function checksums(dir: string, text: string): VerifyStep {
  let listed: Map<string, string>;
  try {
    listed = parseChecksums(text);
  } catch (e) {
    return { id: 'checksums', status: 'failed', message: `${CHECKSUM_FILE} is malformed: ${(e as Error).message}` };
  }
  const { files, folders, others } = walkBundle(dir);
  const problems: string[] = [];
  for (const [path, hex] of listed) {
    if (files.has(path)) {
      if (sha256(readFileSync(join(dir, path))) !== hex) problems.push(`${path} does not match its checksum`);
    } else if (folders.has(path)) {
      problems.push(`${path} is a folder, not a regular file`);
    } else if (others.has(path)) {
      problems.push(`${path} is ${others.get(path)}, not a regular file`);
    } else {
      problems.push(`${path} is missing`);
    }
  }
  for (const path of files) {
    if (path !== CHECKSUM_FILE && !listed.has(path)) problems.push(`${path} is not listed in ${CHECKSUM_FILE}`);
  }
  for (const [path, what] of others) {
    if (!listed.has(path)) problems.push(`${path} is ${what}: a bundle holds only regular files and folders`);
  }
  return problems.length === 0
    ? { id: 'checksums', status: 'ok', message: `${listed.size} files match ${CHECKSUM_FILE}` }
    : { id: 'checksums', status: 'failed', message: problems.join('; ') };
}

/**
 * Everything below `dir` by relative POSIX path, without following symbolic links (so a loop or a link to `/` is
 * one entry, never a walk): regular files, folders, and the rest with what they are.
 */
function walkBundle(dir: string): { files: Set<string>; folders: Set<string>; others: Map<string, string> } {
  const files = new Set<string>();
  const folders = new Set<string>();
  const others = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const path = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, path));
      if (st.isDirectory()) {
        folders.add(path);
        walk(path);
      } else if (st.isFile()) {
        files.add(path);
      } else {
        others.set(path, describeFileType(st));
      }
    }
  };
  walk('');
  return { files, folders, others };
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function diagnostic(text: string): string {
  // Terraform's diagnostics: the "Error: <summary>" line and the paragraph after it say what went wrong.
  const lines = text.split('\n').map((l) => l.replace(/[│╷╵]/g, '').trim());
  const at = lines.findIndex((l) => l.startsWith('Error:'));
  if (at >= 0) {
    const detail: string[] = [];
    for (const l of lines.slice(at + 2)) {
      if (!l) break;
      detail.push(l);
    }
    return [lines[at], detail.join(' ')].filter(Boolean).join(' ');
  }
  return lines.filter(Boolean).pop() ?? 'no output';
}

/**
 * Why `terraform` cannot run, or undefined when `terraform version` succeeds. The shell zx runs commands through
 * exits 127 when the command is not found and 126 when it is not executable.
 */
async function terraformProblem(terraform: string): Promise<string | undefined> {
  const run = await $({ nothrow: true, quiet: true })`${terraform} version`;
  if (run.exitCode === 0) return undefined;
  if (run.exitCode === 127) return `no ${terraform} binary was found on PATH`;
  if (run.exitCode === 126) return `${terraform} is not executable`;
  return `\`${terraform} version\` failed with exit code ${run.exitCode}: ${diagnostic(run.stderr || run.stdout)}`;
}
