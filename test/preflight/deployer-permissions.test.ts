import { describe, expect, it } from 'vitest';
import { setRoles } from '../support/arm-emulator/world';
import { check, parseReport, runPreflight, SUBSCRIPTION, useEmulator, writeProfile, type JsonCheck } from './support';
import type { RunResult } from '../support/run';

const arm = useEmulator();

const ID = 'deployer-permissions';
const ROLE_WRITE = 'Microsoft.Authorization/roleAssignments/write';
const LOCK_WRITE = 'Microsoft.Authorization/locks/write';
const SUB_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const SUB_PATH = `${SUB_SCOPE}/providers/Microsoft.Authorization/permissions`;
const GROUP = 'rg-vast-existing';
const GROUP_PATH = `${SUB_SCOPE}/resourceGroups/${GROUP}/providers/Microsoft.Authorization/permissions`;

interface Outcome {
  readonly run: RunResult;
  readonly check: JsonCheck;
}

/** Runs preflight with --json on the default profile with `overrides`, and returns the run and this check. */
async function runWith(
  overrides: Record<string, unknown> = {},
  env: Record<string, string | undefined> = {},
): Promise<Outcome> {
  const run = await runPreflight(arm.current, { args: ['--json'], profile: writeProfile(overrides), env });
  return { run, check: check(parseReport(run.stdout), ID) };
}

describe('check deployer-permissions', () => {
  it('passes for an Owner, read once at subscription scope when the stack creates the group', async () => {
    // GIVEN the default world (the caller is Owner of the subscription) and the default profile (creates its group)
    // WHEN preflight runs
    const { run, check: c } = await runWith();
    // THEN the check passes naming both writes and the scope, and the permissions were read once, documented api-version
    expect(run.code).toBe(0);
    expect(c).toEqual({
      id: ID,
      status: 'pass',
      message: `${ROLE_WRITE} and ${LOCK_WRITE} allowed at subscription scope ${SUB_SCOPE} (resourceGroup.create is true: the group does not exist before apply); 1 role entry read`,
    });
    const calls = arm.current.requestsFor('permissions');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'GET', path: SUB_PATH, status: 200 });
    expect(calls[0]?.query['api-version']).toBe('2022-04-01');
  });

  it('fails for a Contributor, naming both writes, the roles that grant them and the lock alternative', async () => {
    // GIVEN the caller is only Contributor (its notActions take out Microsoft.Authorization/*/Write)
    setRoles(arm.current.world, ['Contributor']);
    // WHEN preflight runs
    const { run, check: c } = await runWith();
    // THEN the check fails, the verdict is no-go, and the remedy names the roles per action
    expect(run.code).toBe(1);
    expect(c.status).toBe('fail');
    expect(c.message).toBe(
      `${ROLE_WRITE} and ${LOCK_WRITE} not allowed at subscription scope ${SUB_SCOPE} (resourceGroup.create is true: the group does not exist before apply); 1 role entry read: apply would fail part-way, after most resources exist`,
    );
    expect(c.remedy).toContain(
      `${ROLE_WRITE}: Role Based Access Control Administrator, User Access Administrator or Owner; ${LOCK_WRITE}: User Access Administrator or Owner`,
    );
    expect(c.remedy).toContain('set offload.deleteLock to false');
  });

  it('fails naming only the lock when a second role grants role assignments (notActions are not a deny)', async () => {
    // GIVEN Contributor plus Role Based Access Control Administrator, which grants role assignments but not locks
    setRoles(arm.current.world, ['Contributor', 'Role Based Access Control Administrator']);
    // WHEN preflight runs
    const { run, check: c } = await runWith();
    // THEN only the lock write is missing
    expect(run.code).toBe(1);
    expect(c.status).toBe('fail');
    expect(c.message).toMatch(new RegExp(`^${LOCK_WRITE} not allowed at subscription scope`));
    expect(c.message).not.toContain(ROLE_WRITE);
    expect(c.remedy).toContain('set offload.deleteLock to false');
  });

  it('passes without the lock write when offload.deleteLock is false', async () => {
    // GIVEN the same roles, and a profile without the delete lock
    setRoles(arm.current.world, ['Contributor', 'Role Based Access Control Administrator']);
    // WHEN preflight runs
    const { run, check: c } = await runWith({ offload: { deleteLock: false } });
    // THEN only the role assignment write is needed, and it is allowed
    expect(run.code).toBe(0);
    expect(c.status).toBe('pass');
    expect(c.message).toMatch(new RegExp(`^${ROLE_WRITE} allowed at subscription scope`));
    expect(c.message).not.toContain(LOCK_WRITE);
  });

  it('fails when a notAction of the granting role takes the action out', async () => {
    // GIVEN a custom role with everything in Microsoft.Authorization but role assignments
    arm.current.world.permissions = [
      {
        actions: ['*/read', 'Microsoft.Authorization/*'],
        notActions: ['Microsoft.Authorization/roleAssignments/*'],
        dataActions: [],
        notDataActions: [],
      },
    ];
    // WHEN preflight runs
    const { run, check: c } = await runWith();
    // THEN the role assignment write is missing, without the lock alternative
    expect(run.code).toBe(1);
    expect(c.message).toMatch(new RegExp(`^${ROLE_WRITE} not allowed`));
    expect(c.message).not.toContain(LOCK_WRITE);
    expect(c.remedy).not.toContain('deleteLock');
  });

  it('reads every page of a paged answer', async () => {
    // GIVEN Contributor on page 1 and User Access Administrator on page 2
    setRoles(arm.current.world, ['Contributor', 'User Access Administrator']);
    arm.current.settings.pageSize = 1;
    // WHEN preflight runs
    const { run, check: c } = await runWith();
    // THEN both pages were read (the second through nextLink, same api-version) and the check passes
    expect(run.code).toBe(0);
    expect(c.status).toBe('pass');
    expect(c.message).toContain('; 2 role entries read');
    const calls = arm.current.requestsFor('permissions');
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ path: SUB_PATH, status: 200 });
    expect(calls[1]?.query).toEqual({ 'api-version': '2022-04-01', $skiptoken: '1' });
  });

  it.each([
    ['{}', 'page 1 has no value list'],
    [
      '{"value":[{"actions":["*"]}]}',
      'a permission without an actions and a notActions list of strings (page 1, item 1)',
    ],
    ['{"value":[{"actions":["*"],"notActions":[7]}]}', 'a permission without an actions and a notActions list'],
    ['{"value":[],"nextLink":42}', 'page 1 has a nextLink that is not a string'],
  ])('stops with exit 3, naming the call, when the answer is %s', async (body, why) => {
    // GIVEN an answer without the documented shape
    arm.current.settings.faults = [{ op: 'permissions', kind: 'body', body }];
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--json'], profile: writeProfile() });
    // THEN it is an outside failure (exit 3) naming the call and what is wrong, with no verdict
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`permissions (GET ${SUB_PATH})`);
    expect(run.stderr).toContain(why);
  });

  it.each([
    ['loop' as const, "page 2's nextLink repeats a page already read"],
    ['http' as const, 'nextLink points at http://127.0.0.1'],
  ])('stops with exit 3 when a nextLink is hostile (%s), before following it', async (link, why) => {
    // GIVEN a permissions answer whose nextLink leads back to the same page, or off the endpoint's origin
    arm.current.settings.faults = [{ op: 'permissions', kind: 'nextLink', link }];
    // WHEN preflight runs
    const run = await runPreflight(arm.current, { args: ['--json'], profile: writeProfile() });
    // THEN it stops with exit 3 naming the call; the link was not followed past the first repeat
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`permissions (GET ${SUB_PATH})`);
    expect(run.stderr).toContain(why);
    expect(arm.current.requestsFor('permissions').length).toBe(link === 'loop' ? 2 : 1);
  });

  it('warns, without stopping the deployment, when Azure refuses to show the permissions (403)', async () => {
    // GIVEN the permissions read answers 403
    arm.current.settings.faults = [{ op: 'permissions', kind: 'status', status: 403 }];
    // WHEN preflight runs
    const { run, check: c } = await runWith();
    // THEN the check warns that preflight cannot tell, with a way to check by hand; the verdict stays go
    expect(run.code).toBe(0);
    expect(c.status).toBe('warn');
    expect(c.message).toBe(
      `could not read this identity's permissions at subscription scope ${SUB_SCOPE} (resourceGroup.create is true: the group does not exist before apply): Azure answered 403 (AuthorizationFailed), so preflight cannot tell whether apply may perform ${ROLE_WRITE} and ${LOCK_WRITE}`,
    );
    expect(c.remedy).toContain(`--scope ${SUB_SCOPE} --include-inherited`);
  });
});

describe('check deployer-permissions: an existing resource group (resourceGroup.create false)', () => {
  const existingGroup = { resourceGroup: { create: false } };

  it('reads the group named by TF_VAR_resource_group_name, where a grant on the group itself counts', async () => {
    // GIVEN Contributor at the subscription and User Access Administrator on the group itself
    setRoles(arm.current.world, ['Contributor']);
    setRoles(arm.current.world, ['User Access Administrator'], GROUP);
    // WHEN preflight runs with the group's name in the variable Terraform reads
    const { run, check: c } = await runWith(existingGroup, { TF_VAR_resource_group_name: GROUP });
    // THEN the group's permissions were read (the subscription's entry and its own) and the check passes
    expect(run.code).toBe(0);
    expect(c).toEqual({
      id: ID,
      status: 'pass',
      message: `${ROLE_WRITE} and ${LOCK_WRITE} allowed at resource group scope ${SUB_SCOPE}/resourceGroups/${GROUP}; 2 role entries read`,
    });
    expect(arm.current.requestsFor('permissions').map((r) => r.path)).toEqual([GROUP_PATH]);
  });

  it('fails when the named group does not exist', async () => {
    // GIVEN no such group WHEN preflight runs
    const { run, check: c } = await runWith(existingGroup, { TF_VAR_resource_group_name: GROUP });
    // THEN the check fails: the deployment reads the group and would fail
    expect(run.code).toBe(1);
    expect(c.status).toBe('fail');
    expect(c.message).toContain('(404, ResourceGroupNotFound)');
    expect(c.remedy).toContain('set resourceGroup.create to true');
  });

  it('only warns at subscription scope when the group is not named, as a grant on the group is not seen there', async () => {
    // GIVEN Contributor at the subscription, and no TF_VAR_resource_group_name
    setRoles(arm.current.world, ['Contributor']);
    // WHEN preflight runs
    const { run, check: c } = await runWith(existingGroup);
    // THEN the subscription was read, and the check warns with how to have the group read
    expect(run.code).toBe(0);
    expect(arm.current.requestsFor('permissions').map((r) => r.path)).toEqual([SUB_PATH]);
    expect(c.status).toBe('warn');
    expect(c.message).toContain(
      `at subscription scope ${SUB_SCOPE} (resourceGroup.create is false and TF_VAR_resource_group_name is not set, so the group is not known)`,
    );
    expect(c.message).toContain('unless the identity holds them on the resource group itself');
    expect(c.remedy).toMatch(/^set TF_VAR_resource_group_name to the group's name/);
  });

  it('reads the subscription when the stack creates the group, whatever TF_VAR_resource_group_name says', async () => {
    // GIVEN the default profile (creates its group) and the variable set
    // WHEN preflight runs
    const { run } = await runWith({}, { TF_VAR_resource_group_name: GROUP });
    // THEN the subscription was read
    expect(run.code).toBe(0);
    expect(arm.current.requestsFor('permissions').map((r) => r.path)).toEqual([SUB_PATH]);
  });

  it('fails with exit 2 when TF_VAR_resource_group_name is not a resource group name', async () => {
    // GIVEN a name with a slash WHEN preflight runs
    const run = await runPreflight(arm.current, {
      args: ['--json'],
      profile: writeProfile(existingGroup),
      env: { TF_VAR_resource_group_name: 'rg/../x' },
    });
    // THEN it is the user's input (exit 2), naming the variable and the value, and nothing was asked of Azure
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TF_VAR_resource_group_name must be a resource group name');
    expect(run.stderr).toContain('got "rg/../x"');
    expect(arm.current.requests).toHaveLength(0);
  });
});
