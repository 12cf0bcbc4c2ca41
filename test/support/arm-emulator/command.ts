/**
 * The `npm run arm-emulator` command (main.ts runs it): runs the ARM emulator on its own until interrupted, printing its URL and how to point
 * preflight at it.
 *
 * Flags: `--port <n>` (default: a free port), `--latency-ms <n>`, `--page-size <n>`, `--token <value>` (default: any
 * bearer token is accepted), `--restrict-zone <size>@<location>:<zones>` (repeatable, e.g.
 * `Standard_L96s_v4@uksouth:1,2`) to put a size under a `Zone` restriction for a demonstration, `--feature
 * <Namespace/Name>=<state>` (repeatable, e.g. `Microsoft.Compute/EncryptionAtHost=NotRegistered`; `=NotFound`
 * removes it so it answers 404) to set a subscription feature's registration state, `--existing-network` to serve a
 * customer network in uksouth (node subnet with a NAT gateway and an NSG) for a profile's `network.existing`.
 */
import { EXIT, HELP_FLAG, parseFlags, UsageError } from '../../../scripts/lib/cli';
import { ArmEmulator } from './server';
import { addNetwork, restrictZones, setFeature, type FeatureState, type NetworkIds } from './world';

const FEATURE_STATES: readonly (FeatureState | 'NotFound')[] = [
  'Registered',
  'NotRegistered',
  'Registering',
  'Pending',
  'Unregistering',
  'Unregistered',
  'NotFound',
];

/** The flags the emulator command accepts. */
export const ARM_EMULATOR_FLAGS = {
  port: { type: 'string' },
  'latency-ms': { type: 'string' },
  'page-size': { type: 'string' },
  token: { type: 'string' },
  'restrict-zone': { type: 'string', multiple: true },
  feature: { type: 'string', multiple: true },
  'existing-network': { type: 'boolean' },
  ...HELP_FLAG,
} as const;

/** Usage text of the command (`--help`). */
export const ARM_EMULATOR_USAGE = `Usage: npm run arm-emulator -- [--port <n>] [--latency-ms <n>] [--page-size <n>] [--token <value>]
                               [--restrict-zone <size>@<location>:<zones>]... [--feature <Namespace/Name>=<state>]...
                               [--existing-network]

Runs the local HTTPS Azure Resource Manager emulator until Ctrl-C, and prints its URL, CA certificate and the
preflight command line that uses it. Listens on 127.0.0.1 only.

Options:
  --port <n>                                 port (default: a free one)
  --latency-ms <n>                           delay before every answer (default: 0)
  --page-size <n>                            items per page of the SKU and usage lists (default: 0, one page)
  --token <value>                            the only bearer token accepted (default: any)
  --restrict-zone <size>@<location>:<zones>  put a size under a Zone restriction, e.g. Standard_L96s_v4@uksouth:1,2
                                             (repeatable)
  --feature <Namespace/Name>=<state>         set a feature's registration state (${FEATURE_STATES.join(', ')};
                                             NotFound answers 404), e.g. Microsoft.Compute/EncryptionAtHost=NotRegistered
                                             (repeatable)
  --existing-network                         serve a customer network in uksouth for a profile's network.existing
  -h, --help                                 show this text

Environment: none read.

Exit codes: 0 stopped by Ctrl-C or --help; 2 bad flags or the emulator could not start.
`;

/**
 * Runs the emulator until SIGINT/SIGTERM; with `--help` prints {@link ARM_EMULATOR_USAGE} on `out` and starts nothing.
 *
 * @returns the exit code once started (0), or for `--help`.
 * @throws UsageError for bad flags; the emulator's error when it cannot start.
 */
export async function armEmulatorMain(
  argv: readonly string[],
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
): Promise<number> {
  const values = parseFlags(argv, ARM_EMULATOR_FLAGS);
  if (values.help) {
    out.write(ARM_EMULATOR_USAGE);
    return EXIT.ok;
  }
  const num = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
    return Number(v);
  };
  const port = num(values.port, 'port');
  const latencyMs = num(values['latency-ms'], 'latency-ms');
  const pageSize = num(values['page-size'], 'page-size');
  const emulator = await ArmEmulator.start({
    ...(port === undefined ? {} : { port }),
    ...(latencyMs === undefined ? {} : { latencyMs }),
    ...(pageSize === undefined ? {} : { pageSize }),
    ...(values.token === undefined ? {} : { token: values.token }),
  });
  try {
    for (const spec of values['restrict-zone'] ?? []) {
      const m = /^([^@]+)@([a-z0-9]+):([1-3](?:,[1-3])*)$/.exec(spec);
      if (!m) throw new UsageError(`--restrict-zone must look like Standard_L96s_v4@uksouth:1,2, got "${spec}"`);
      restrictZones(emulator.world, m[2] ?? '', m[1] ?? '', (m[3] ?? '').split(','));
    }
    for (const spec of values.feature ?? []) {
      const m = /^([A-Za-z0-9.]+)\/([A-Za-z0-9._-]+)=([A-Za-z]+)$/.exec(spec);
      const state = FEATURE_STATES.find((s) => s === m?.[3]);
      if (!m || !state) {
        throw new UsageError(
          `--feature must look like Microsoft.Compute/EncryptionAtHost=NotRegistered (states: ${FEATURE_STATES.join(', ')}), got "${spec}"`,
        );
      }
      setFeature(emulator.world, m[1] ?? '', m[2] ?? '', state === 'NotFound' ? undefined : state);
    }
  } catch (e) {
    await emulator.close();
    throw e;
  }
  const network: NetworkIds | undefined = values['existing-network'] ? addNetwork(emulator.world) : undefined;
  const sub = emulator.world.subscriptionId;
  out.write(
    [
      `ARM emulator listening on ${emulator.url} (127.0.0.1 only)`,
      `CA certificate: ${emulator.caCertPath}`,
      `subscription: ${sub}`,
      '',
      'Trust the certificate through Node (verification stays on) and run preflight against it:',
      '',
      `  NODE_EXTRA_CA_CERTS=${emulator.caCertPath} AZURE_ARM_TOKEN=${values.token === undefined ? 'any-fake-token' : '<the --token value>'} \\`,
      `    npm run preflight -- --arm-endpoint ${emulator.url} --subscription ${sub}`,
      '',
      ...(network
        ? [
            'An existing network is served; to deploy into it, add to the profile:',
            '',
            '  network:',
            '    existing:',
            `      virtualNetworkId: ${network.virtualNetworkId}`,
            `      nodeSubnetId: ${network.nodeSubnetId}`,
            `      privateEndpointSubnetId: ${network.privateEndpointSubnetId}`,
            '',
          ]
        : []),
      `Control API: curl --cacert ${emulator.caCertPath} ${emulator.url}/_emulator/requests`,
      `  POST /_emulator/settings {"latencyMs":200,"pageSize":5,"faults":[{"kind":"throttle","retryAfterSeconds":1,"op":"skus","times":1}]}`,
      '  POST /_emulator/reset, GET|PUT /_emulator/world',
      '',
      'Ctrl-C stops it and removes the certificate files.',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return EXIT.ok;
}
