/**
 * The test run's certificate authority. `global-setup.ts` creates one CA per `vitest run`, writes it to the run's
 * temp folder and points `NODE_EXTRA_CA_CERTS` at it before any test worker starts; the workers (vitest's `forks`
 * pool: each is a fresh Node process) inherit the variable and so trust every emulator whose server certificate
 * that CA signed. That lets tests call a command's `main()` in-process against the real HTTPS emulator, with TLS
 * verification on, instead of paying for a child process per test.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCertificateAuthority, type CertificateAuthority } from './arm-emulator/cert';

/** The variable holding the path of the run CA's private key (the certificate's path is `NODE_EXTRA_CA_CERTS`). */
export const RUN_CA_KEY_ENV = 'VAST_TEST_CA_KEY';

/**
 * Creates the run's CA in `dir` (`run-ca.pem`, `run-ca-key.pem`, owner-only) and sets `NODE_EXTRA_CA_CERTS` and
 * {@link RUN_CA_KEY_ENV} in `env`, for processes started afterwards.
 */
export function installRunAuthority(dir: string, env: NodeJS.ProcessEnv = process.env): CertificateAuthority {
  const authority = generateCertificateAuthority(1);
  const certPath = join(dir, 'run-ca.pem');
  const keyPath = join(dir, 'run-ca-key.pem');
  writeFileSync(certPath, authority.caCertPem, { mode: 0o600 });
  writeFileSync(keyPath, authority.caKeyPem, { mode: 0o600 });
  env.NODE_EXTRA_CA_CERTS = certPath;
  env[RUN_CA_KEY_ENV] = keyPath;
  return authority;
}

/**
 * The CA this test process trusts through `NODE_EXTRA_CA_CERTS`, as installed by the global setup.
 *
 * @throws Error when the process was not started by a vitest run with the global setup.
 */
export function runAuthority(env: NodeJS.ProcessEnv = process.env): CertificateAuthority {
  const certPath = env.NODE_EXTRA_CA_CERTS;
  const keyPath = env[RUN_CA_KEY_ENV];
  if (!certPath || !keyPath) {
    throw new Error(
      `NODE_EXTRA_CA_CERTS and ${RUN_CA_KEY_ENV} are not set: run the tests through vitest (test/support/global-setup.ts installs the run's CA)`,
    );
  }
  return { caCertPem: readFileSync(certPath, 'utf8'), caKeyPem: readFileSync(keyPath, 'utf8') };
}
