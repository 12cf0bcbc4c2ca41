/** Issue 15 item 3: with diagnostics on, preflight also needs the monitoring namespaces registered. */
import { describe, expect, it } from 'vitest';
import { check, parseReport, runPreflight, useEmulator, writeProfile } from './support';

const arm = useEmulator();

const WORKSPACE =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ops/providers/Microsoft.OperationalInsights/workspaces/central';

async function providersCheck(profile: string) {
  const run = await runPreflight(arm.current, { args: ['--json'], profile });
  return check(parseReport(run.stdout), 'providers');
}

describe('check providers with diagnostics', () => {
  it('fails when diagnostics create a workspace and Microsoft.OperationalInsights is not registered', async () => {
    // GIVEN a subscription with Microsoft.Insights registered but not Microsoft.OperationalInsights
    arm.current.world.providers['Microsoft.Insights'] = 'Registered';
    arm.current.world.providers['Microsoft.OperationalInsights'] = 'NotRegistered';
    // WHEN preflight runs a profile that creates a workspace
    const c = await providersCheck(writeProfile({ diagnostics: { enabled: true } }));
    // THEN the check fails naming the namespace and the command
    expect(c.status).toBe('fail');
    expect(c.message).toContain('Microsoft.OperationalInsights is NotRegistered (5 of 6 needed namespaces registered)');
    expect(c.remedy).toContain('`az provider register --namespace Microsoft.OperationalInsights`');
  });

  it('needs only Microsoft.Insights when diagnostics go to an existing workspace', async () => {
    // GIVEN both monitoring namespaces registered
    arm.current.world.providers['Microsoft.Insights'] = 'Registered';
    // WHEN preflight runs a profile sending to an existing workspace
    const c = await providersCheck(writeProfile({ diagnostics: { enabled: true, workspaceId: WORKSPACE } }));
    // THEN the check passes and lists Microsoft.Insights, not Microsoft.OperationalInsights
    expect(c).toMatchObject({
      status: 'pass',
      message:
        'Microsoft.Compute, Microsoft.Network, Microsoft.Storage, Microsoft.ManagedIdentity, Microsoft.Insights are registered',
    });
  });
});
