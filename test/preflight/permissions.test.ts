import { describe, expect, it } from 'vitest';
import { actionMatches, entryAllows, isAllowed, type PermissionEntry } from '../../scripts/preflight/permissions';
import { BUILT_IN_ROLES, type BuiltInRole } from '../support/arm-emulator/world';

const ROLE_WRITE = 'Microsoft.Authorization/roleAssignments/write';
const LOCK_WRITE = 'Microsoft.Authorization/locks/write';

/** Built-in roles as the ARM emulator serves them (one table: Azure's documented actions and notActions). */
const role = (name: BuiltInRole): PermissionEntry => {
  const r = BUILT_IN_ROLES[name];
  return { actions: [...r.actions], notActions: [...r.notActions] };
};
const CONTRIBUTOR = role('Contributor');
const OWNER = role('Owner');
const USER_ACCESS_ADMIN = role('User Access Administrator');
const RBAC_ADMIN = role('Role Based Access Control Administrator');
const READER = role('Reader');

describe('actionMatches', () => {
  it.each([
    ['*', ROLE_WRITE],
    ['Microsoft.Authorization/*', ROLE_WRITE],
    ['Microsoft.Authorization/roleAssignments/*', ROLE_WRITE],
    ['*/write', ROLE_WRITE],
    ['Microsoft.Authorization/*/Write', ROLE_WRITE],
    [ROLE_WRITE, ROLE_WRITE],
    ['microsoft.authorization/roleassignments/WRITE', ROLE_WRITE],
    ['Microsoft.*/locks/write', LOCK_WRITE],
    ['**', LOCK_WRITE],
  ])('matches pattern %s to %s', (pattern, action) => {
    // GIVEN a pattern that covers the action  WHEN matched  THEN it matches
    expect(actionMatches(pattern, action)).toBe(true);
  });

  it.each([
    ['*/read', ROLE_WRITE, 'a wildcard covers only what follows it'],
    ['Microsoft.Authorization/roleAssignments/read', ROLE_WRITE, 'another verb'],
    ['Microsoft.Authorization', ROLE_WRITE, 'a prefix without a wildcard'],
    ['Microsoft.Authorization/locks/*', ROLE_WRITE, 'another resource type'],
    ['MicrosoftXAuthorization/*', ROLE_WRITE, 'a dot is a dot, not any character'],
    ['Microsoft.Authorization/roleAssignments/write/extra', ROLE_WRITE, 'a longer action'],
    ['Microsoft.Authorization/roleAssignments/writ', ROLE_WRITE, 'a shorter action'],
    ['', ROLE_WRITE, 'an empty pattern'],
    ['Microsoft.Authorization/(roleAssignments|locks)/write', ROLE_WRITE, 'regular expression syntax is literal'],
  ])('fails to match pattern %s to %s (%s)', (pattern, action) => {
    // GIVEN a pattern that does not cover the action  WHEN matched  THEN it does not match
    expect(actionMatches(pattern, action)).toBe(false);
  });
});

describe('entryAllows / isAllowed', () => {
  it('allows both writes to Owner and User Access Administrator', () => {
    for (const role of [OWNER, USER_ACCESS_ADMIN]) {
      expect(entryAllows(role, ROLE_WRITE)).toBe(true);
      expect(entryAllows(role, LOCK_WRITE)).toBe(true);
    }
  });

  it('allows role assignments but not locks to Role Based Access Control Administrator', () => {
    expect(entryAllows(RBAC_ADMIN, ROLE_WRITE)).toBe(true);
    expect(entryAllows(RBAC_ADMIN, LOCK_WRITE)).toBe(false);
  });

  it('fails when Contributor is all the caller has: its notActions take out the writes (any case)', () => {
    // GIVEN Contributor: actions * but notActions Microsoft.Authorization/*/Write (capital W)
    // WHEN the writes are judged  THEN neither is allowed, though * matches them
    expect(isAllowed([CONTRIBUTOR], ROLE_WRITE)).toBe(false);
    expect(isAllowed([CONTRIBUTOR], LOCK_WRITE)).toBe(false);
    expect(isAllowed([CONTRIBUTOR], 'Microsoft.Compute/virtualMachines/write')).toBe(true);
  });

  it("does not let one entry's notActions take away what another entry grants (notActions are not a deny)", () => {
    // GIVEN Contributor and User Access Administrator, as two entries
    // WHEN the writes are judged  THEN both are allowed: the second role grants them
    expect(isAllowed([CONTRIBUTOR, USER_ACCESS_ADMIN], ROLE_WRITE)).toBe(true);
    expect(isAllowed([CONTRIBUTOR, RBAC_ADMIN], ROLE_WRITE)).toBe(true);
    expect(isAllowed([CONTRIBUTOR, RBAC_ADMIN], LOCK_WRITE)).toBe(false);
  });

  it('fails for Reader and for no permissions at all', () => {
    expect(isAllowed([READER], ROLE_WRITE)).toBe(false);
    expect(isAllowed([], ROLE_WRITE)).toBe(false);
  });

  it('subtracts a notAction narrower than the action that grants', () => {
    // GIVEN a custom role with everything in Microsoft.Authorization but locks
    const custom: PermissionEntry = {
      actions: ['Microsoft.Authorization/*'],
      notActions: ['Microsoft.Authorization/locks/*'],
    };
    // THEN role assignments are allowed and locks are not
    expect(entryAllows(custom, ROLE_WRITE)).toBe(true);
    expect(entryAllows(custom, LOCK_WRITE)).toBe(false);
  });
});
