/**
 * The preflight command: reads flags, environment and the profile, asks Azure, runs the checks and prints the result.
 * Returns the exit code: 0 go, 1 no-go; throws {@link UsageError} / ProfileError (exit 2) or {@link OutsideError}
 * (exit 3) for `runCli` to report.
 */
import { relative } from 'node:path';
import { EXIT, parseFlags, UsageError } from '../lib/cli';
import { loadProfile, resolveProfilePath } from '../../stacks/profile/load';
import type { Profile } from '../../stacks/profile/schema';
import {
  BUDGET_LIMITS,
  chooseCredential,
  createArmClients,
  DEFAULT_ARM_ENDPOINT,
  DEFAULT_RETRY_BUDGET,
  explainFailure,
  type RetryBudget,
} from './arm';
import { profileFileIdentity } from './identity';
import { evaluate } from './evaluate';
import {
  existingNetwork,
  peeredNetworkIds,
  permissionsResourceGroup,
  requiredFeatures,
  requiredProviders,
  RESOURCE_GROUP_ENV,
} from './requirements';
import { callCount, gatherFacts, type FactsRequest } from './facts';
import { outputWidth, Progress, renderHuman, renderJson } from './render';

/** Environment variables that tune the retry budget (milliseconds / counts). */
export const BUDGET_ENV = {
  requestTimeoutMs: 'PREFLIGHT_REQUEST_TIMEOUT_MS',
  maxRetries: 'PREFLIGHT_MAX_RETRIES',
  retryDelayMs: 'PREFLIGHT_RETRY_DELAY_MS',
  maxRetryWaitMs: 'PREFLIGHT_MAX_RETRY_WAIT_MS',
} as const satisfies Record<keyof RetryBudget, string>;

/** The flags preflight accepts. */
export const PREFLIGHT_FLAGS = {
  profile: { type: 'string' },
  subscription: { type: 'string' },
  json: { type: 'boolean' },
  'arm-endpoint': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Usage text of the command (`--help`). */
export const PREFLIGHT_USAGE = `Usage: npm run preflight -- [--profile <file>] [--subscription <id>] [--json] [--arm-endpoint <url>]

Proves against Azure, before apply, that a profile will deploy. Only reads (Reader role); run it as the identity
that will deploy, whose permissions it checks.

Options:
  --profile <file>       profile to check (default: $VAST_PROFILE, else stacks/profiles/default.yaml)
  --subscription <id>    subscription (default: the profile's subscriptionId, else $ARM_SUBSCRIPTION_ID, else
                         $AZURE_SUBSCRIPTION_ID; ARM_SUBSCRIPTION_ID wins because Terraform deploys there)
  --json                 print one JSON document on stdout instead of the table
  --arm-endpoint <url>   HTTPS base URL of Azure Resource Manager (default: $AZURE_ARM_ENDPOINT, else
                         ${DEFAULT_ARM_ENDPOINT})
  -h, --help             show this text

Environment:
  VAST_PROFILE, ARM_SUBSCRIPTION_ID, AZURE_SUBSCRIPTION_ID, AZURE_ARM_ENDPOINT   see the options above
  AZURE_ARM_TOKEN       a static bearer token instead of DefaultAzureCredential (emulators, automation)
  NODE_EXTRA_CA_CERTS   trust an emulator's CA
  ${RESOURCE_GROUP_ENV}
                        with resourceGroup.create false: the existing group whose permissions are checked
  ${Object.values(BUDGET_ENV).join(', ')}
                        retry budget; see docs/preflight.md

Exit codes: 0 go; 1 no-go; 2 bad input (flags, environment or profile); 3 Azure could not be asked; 70 a bug.
`;

/**
 * Where the subscription comes from, first match wins: the flag, the profile, then the environment. Of the two
 * environment variables, `ARM_SUBSCRIPTION_ID` wins: it is the one the azurerm provider (and so `cdktf deploy`) reads,
 * and preflight must check the subscription the deployment will use.
 */
export const SUBSCRIPTION_ENV = ['ARM_SUBSCRIPTION_ID', 'AZURE_SUBSCRIPTION_ID'] as const;

/** Which input named the subscription of a run. */
export type SubscriptionSource = '--subscription' | 'profile' | (typeof SUBSCRIPTION_ENV)[number];

/** Everything a run needs, resolved from flags, environment and profile. */
export interface PreflightInputs {
  readonly profile: Profile;
  readonly profilePath: string;
  readonly subscriptionId: string;
  /** Which input named the subscription. */
  readonly subscriptionSource: SubscriptionSource;
  /** Notes for the terminal (stderr), e.g. that the two subscription variables disagree. */
  readonly notes: readonly string[];
  readonly endpoint: string;
  readonly json: boolean;
  readonly budget: RetryBudget;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Resolves the inputs of a run. Everything here is the user's input, so every failure is exit 2.
 *
 * @throws UsageError for bad flags or environment; ProfileError for a bad profile.
 */
export function resolveInputs(argv: readonly string[], env: NodeJS.ProcessEnv): PreflightInputs | 'help' {
  const flags = parseFlags(argv, PREFLIGHT_FLAGS, env);
  if (flags.help) return 'help';
  const profilePath = resolveProfilePath(flags.profile, env);
  const profile = loadProfile(profilePath);

  const { subscriptionId, subscriptionSource, notes } = resolveSubscription(flags.subscription, profile, env);
  if (!GUID.test(subscriptionId)) {
    const from =
      subscriptionSource === '--subscription'
        ? '--subscription'
        : subscriptionSource === 'profile'
          ? 'subscriptionId'
          : subscriptionSource;
    throw new UsageError(`${from} must be a subscription GUID, got "${subscriptionId}"`);
  }

  const endpoint = parseEndpoint(flags['arm-endpoint'] ?? env.AZURE_ARM_ENDPOINT ?? DEFAULT_ARM_ENDPOINT);
  return {
    profile,
    profilePath,
    subscriptionId: subscriptionId.toLowerCase(),
    subscriptionSource,
    notes,
    endpoint,
    json: flags.json === true,
    budget: readBudget(env),
  };
}

function resolveSubscription(
  flag: string | undefined,
  profile: Profile,
  env: NodeJS.ProcessEnv,
): { subscriptionId: string; subscriptionSource: SubscriptionSource; notes: string[] } {
  const notes: string[] = [];
  const fromEnv = SUBSCRIPTION_ENV.filter((name) => env[name]);
  const [arm, azure] = SUBSCRIPTION_ENV.map((name) => env[name]);
  if (arm && azure && arm.toLowerCase() !== azure.toLowerCase() && !flag && !profile.subscriptionId) {
    notes.push(
      `ARM_SUBSCRIPTION_ID (${arm}) and AZURE_SUBSCRIPTION_ID (${azure}) differ; checking ARM_SUBSCRIPTION_ID, the one Terraform deploys to`,
    );
  }
  if (flag) return { subscriptionId: flag, subscriptionSource: '--subscription', notes };
  if (profile.subscriptionId) return { subscriptionId: profile.subscriptionId, subscriptionSource: 'profile', notes };
  const name = fromEnv[0];
  if (!name) {
    throw new UsageError(
      'no subscription: pass --subscription <id>, set subscriptionId in the profile, or set ARM_SUBSCRIPTION_ID (or AZURE_SUBSCRIPTION_ID)',
    );
  }
  return { subscriptionId: env[name] as string, subscriptionSource: name, notes };
}

function parseEndpoint(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--arm-endpoint must be an https:// URL, got "${text}"`);
  }
  if (url.protocol !== 'https:') {
    throw new UsageError(
      `--arm-endpoint must use https:// (the Azure SDK sends bearer tokens only over TLS; trust an emulator's certificate with NODE_EXTRA_CA_CERTS), got "${text}"`,
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new UsageError(`--arm-endpoint must be a base URL without path, query or credentials, got "${text}"`);
  }
  return url.origin;
}

/**
 * Reads the retry budget from the environment, with defaults.
 *
 * @throws UsageError for a value that is not a whole number within the setting's range ({@link BUDGET_LIMITS}),
 *   naming the variable, the value (cut short when long) and the range.
 */
export function readBudget(env: NodeJS.ProcessEnv): RetryBudget {
  const read = (key: keyof RetryBudget): number => {
    const name = BUDGET_ENV[key];
    const raw = env[name];
    if (raw === undefined || raw === '') return DEFAULT_RETRY_BUDGET[key];
    const { min, max, unit } = BUDGET_LIMITS[key];
    const text = raw.trim();
    // Digits only, and few enough that Number() is exact, before any comparison.
    const value = /^\d{1,16}$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max)) {
      // Quoted as JSON, so control characters are escaped; a long value is cut short.
      const shown =
        raw.length > 40 ? `${JSON.stringify(raw.slice(0, 40))}… (${raw.length} characters)` : JSON.stringify(raw);
      throw new UsageError(
        `${name} must be a whole number from ${min} to ${max}${unit === 'milliseconds' ? ' (milliseconds)' : ''}, got ${shown}`,
      );
    }
    return value;
  };
  return {
    requestTimeoutMs: read('requestTimeoutMs'),
    maxRetries: read('maxRetries'),
    retryDelayMs: read('retryDelayMs'),
    maxRetryWaitMs: read('maxRetryWaitMs'),
  };
}

/** Runs preflight; resolves with exit code 0 (go) or 1 (no-go). */
export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: NodeJS.WriteStream = process.stdout,
  err: NodeJS.WriteStream = process.stderr,
): Promise<number> {
  const inputs = resolveInputs(argv, env);
  if (inputs === 'help') {
    out.write(PREFLIGHT_USAGE);
    return EXIT.ok;
  }
  const { profile, subscriptionId, endpoint } = inputs;
  const resourceGroup = permissionsResourceGroup(profile, env);
  for (const note of inputs.notes) err.write(`note: ${note}\n`);
  const credential = chooseCredential(env);
  if (inputs.json && credential.kind === 'static') err.write(`note: using a ${credential.description}\n`);

  const clients = createArmClients({ endpoint, subscriptionId, budget: inputs.budget }, credential.credential);
  const network = existingNetwork(profile);
  const request: FactsRequest = {
    subscriptionId,
    location: profile.location,
    namespaces: requiredProviders(profile),
    storageAccountName: profile.offload.accountName,
    features: requiredFeatures(profile),
    ...(network ? { network } : {}),
    peeredNetworkIds: peeredNetworkIds(profile),
    ...(resourceGroup === undefined ? {} : { permissionsResourceGroup: resourceGroup }),
  };
  const progress = new Progress(err, callCount(request));
  progress.start();
  const facts = await gatherFacts(clients, request, {
    onStart: (l) => progress.started(l),
    onSettle: (l) => progress.settled(l),
  })
    .catch((e: unknown) => {
      throw explainFailure(e, credential.kind, endpoint);
    })
    .finally(() => progress.stop());

  const report = evaluate(profile, facts, subscriptionId);
  if (inputs.json) out.write(renderJson(report, profileFileIdentity(profile, inputs.profilePath)));
  else {
    out.write(
      renderHuman(
        report,
        {
          profileName: profile.name,
          profilePath: shown(inputs.profilePath),
          vmSize: profile.nodes.vmSize,
          nodeCount: profile.nodes.count,
          endpoint,
          credential: credential.description,
        },
        outputWidth(out),
      ),
    );
  }
  return report.verdict === 'go' ? EXIT.ok : EXIT.negative;
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}
