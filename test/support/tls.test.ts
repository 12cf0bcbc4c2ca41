import { execFile } from 'node:child_process';
import { get } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArmEmulator } from './arm-emulator/server';
import { runAuthority } from './tls';

/** GETs a path with Node's default trust store (no `ca` option): resolves with the status or the TLS error code. */
function fetchStatus(url: string): Promise<string> {
  return new Promise((resolve) => {
    get(url, (res) => {
      res.resume();
      resolve(String(res.statusCode));
    }).on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

describe('the run CA (in-process trust of the ARM emulator)', () => {
  let trusted: ArmEmulator;
  let stranger: ArmEmulator;
  beforeAll(async () => {
    trusted = await ArmEmulator.start({ authority: runAuthority() });
    stranger = await ArmEmulator.start();
  });
  afterAll(async () => {
    await trusted.close();
    await stranger.close();
  });

  it('lets a test worker verify an emulator signed by the run CA without any ca option', async () => {
    // GIVEN an emulator whose certificate the run CA signed
    // WHEN this worker asks it over HTTPS with the default trust store
    const status = await fetchStatus(`${trusted.url}/_emulator/requests`);
    // THEN the TLS handshake verifies and the emulator answers
    expect(status).toBe('200');
  });

  it('fails when an emulator has a CA of its own (verification is on, not switched off)', async () => {
    // GIVEN an emulator with a fresh CA nobody trusts
    // WHEN this worker asks it over HTTPS
    const status = await fetchStatus(`${stranger.url}/_emulator/requests`);
    // THEN the certificate is rejected (its issuer has the run CA's name, so OpenSSL finds the run CA and the
    // signature does not match)
    expect(status).toBe('CERT_SIGNATURE_FAILURE');
  });

  it('fails when a process starts without NODE_EXTRA_CA_CERTS (the trust comes from that variable)', async () => {
    // GIVEN a plain node process without the variable
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const script = `require('node:https').get(process.argv[1], (r) => console.log(r.statusCode)).on('error', (e) => console.log(e.code))`;
    // WHEN it asks the trusted emulator
    // (asynchronously: the emulator answers from this process's event loop)
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['-e', script, `${trusted.url}/_emulator/requests`], { env }, (e, out) => {
        if (e) reject(new Error(`node -e failed: ${e.message}`));
        else resolve(out);
      });
    });
    // THEN the certificate is rejected
    expect(stdout.trim()).toBe('SELF_SIGNED_CERT_IN_CHAIN');
  });
});
