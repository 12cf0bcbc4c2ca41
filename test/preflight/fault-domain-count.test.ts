/**
 * Preflight check `fault-domain-count`, against the ARM emulator: the region's MaximumPlatformFaultDomainCount is
 * read from the availabilitySets entry of the SKU listing preflight already fetches.
 */
import { describe, expect, it } from 'vitest';
import { setMaxFaultDomains } from '../support/arm-emulator/world';
import { check, parseReport, runPreflight, useEmulator, writeProfile } from './support';

const arm = useEmulator();

/** A fault-domains profile (regional: no zone) based on the shipped default. */
function faultDomainsProfile(location = 'uksouth', faultDomainCount?: number): string {
  return writeProfile({
    location,
    zone: undefined,
    placement: { mode: 'fault-domains', ...(faultDomainCount === undefined ? {} : { faultDomainCount }) },
    nodes: { count: 6 },
  });
}

describe('preflight check fault-domain-count', () => {
  it("passes when the profile's fault-domain count is within the region's maximum, with no extra call", async () => {
    // GIVEN UK South, whose availabilitySets SKU says 2, and a profile asking for 2
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { profile: faultDomainsProfile(), args: ['--json'] });
    // THEN the check passes naming both numbers, it is reported eleventh (network-peering follows), and the SKU list
    // was read once
    const report = parseReport(run.stdout);
    expect(check(report, 'fault-domain-count')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('2 platform fault domains requested; uksouth allows up to 2'),
    });
    expect(report.checks[10]?.id).toBe('fault-domain-count');
    expect(report.zone).toBe('regional');
    expect(arm.current.requestsFor('skus')).toHaveLength(1);
  });

  it('fails when Azure reports a lower maximum than the profile asks for, naming the maximum and the remedy', async () => {
    // GIVEN West Europe reporting a maximum of 2 while the profile asks for 3 (the offline table says 3)
    setMaxFaultDomains(arm.current.world, 'westeurope', 2);
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { profile: faultDomainsProfile('westeurope', 3), args: ['--json'] });
    // THEN the verdict is no-go and the check names the maximum and how to fix the profile
    expect(run.code).toBe(1);
    const report = parseReport(run.stdout);
    expect(report.verdict).toBe('no-go');
    expect(check(report, 'fault-domain-count')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('asks for 3 platform fault domains but westeurope allows at most 2'),
      remedy: expect.stringContaining('set placement.faultDomainCount to 2'),
    });
  });

  it('fails when the region allows only one fault domain, pointing to zonal placement', async () => {
    // GIVEN UK South reporting a maximum of 1
    setMaxFaultDomains(arm.current.world, 'uksouth', 1);
    // WHEN preflight runs for a 2-fault-domain profile
    const run = await runPreflight(arm.current, { profile: faultDomainsProfile(), args: ['--json'] });
    // THEN the check fails and says to use zonal placement or another region
    expect(check(parseReport(run.stdout), 'fault-domain-count')).toMatchObject({
      status: 'fail',
      remedy: expect.stringContaining('use placement.mode "zonal"'),
    });
  });

  it('passes zonal placement in a region whose maximum is 1 (Qatar Central)', async () => {
    // GIVEN the zonal default profile moved to Qatar Central, where the emulator reports 1
    const run = await runPreflight(arm.current, {
      profile: writeProfile({ location: 'qatarcentral' }),
      args: ['--json'],
    });
    // THEN the check passes: zonal placement uses 1 fault domain
    expect(check(parseReport(run.stdout), 'fault-domain-count')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('qatarcentral allows up to 1'),
    });
  });

  it('warns when the SKU listing does not state the maximum', async () => {
    // GIVEN a listing whose availabilitySets entry has no MaximumPlatformFaultDomainCount
    setMaxFaultDomains(arm.current.world, 'uksouth', undefined);
    // WHEN preflight runs for a fault-domains profile
    const run = await runPreflight(arm.current, { profile: faultDomainsProfile(), args: ['--json'] });
    // THEN the check warns that it cannot confirm the count, with the command to check by hand
    expect(check(parseReport(run.stdout), 'fault-domain-count')).toMatchObject({
      status: 'warn',
      remedy: expect.stringContaining('az vm list-skus'),
    });
  });
});
