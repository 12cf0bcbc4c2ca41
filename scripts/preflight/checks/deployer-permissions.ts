import { AUTHORIZATION_ACTIONS, type AuthorizationAction } from '../../../constructs/shared/resource-types';
import { notPass, pass, type PreflightCheck } from '../check';
import { isAllowed } from '../permissions';
import { requiredAuthorizationActions, RESOURCE_GROUP_ENV } from '../requirements';

/**
 * Deployer permissions: the identity preflight runs as may perform the `Microsoft.Authorization` writes the stack
 * makes (see {@link requiredAuthorizationActions}): creating the node identity's role assignment always, and the
 * delete lock on the offload account with `offload.deleteLock`. Contributor has neither, and without them apply
 * fails part-way, after most resources exist.
 *
 * Read at the resource group the stack deploys into when preflight knows its name (`resourceGroup.create` false and
 * {@link RESOURCE_GROUP_ENV} set), else at the subscription (the group is created by the deployment, or its name is
 * not known). A missing action fails; at the subscription of a profile that deploys into an existing group it only
 * warns, as a grant on the group itself is not seen there. A 403 on the read warns (preflight cannot tell); a group
 * that does not exist fails. An answer that cannot be read never reaches this check (exit 3).
 */
export const deployerPermissionsCheck: PreflightCheck<'deployer-permissions'> = {
  id: 'deployer-permissions',
  run({ profile, facts }) {
    const id = 'deployer-permissions';
    const fact = facts.permissions;
    const needed = requiredAuthorizationActions(profile);
    const groupNamed = /\/resourceGroups\//i.test(fact.scope);
    const where = groupNamed
      ? `resource group scope ${fact.scope}`
      : profile.resourceGroup.create
        ? `subscription scope ${fact.scope} (resourceGroup.create is true: the group does not exist before apply)`
        : `subscription scope ${fact.scope} (resourceGroup.create is false and ${RESOURCE_GROUP_ENV} is not set, so the group is not known)`;
    const scopeArg = `--scope ${fact.scope}`;
    if (!fact.readable) {
      if (fact.reason === 'not-found') {
        return notPass(
          id,
          'fail',
          `the resource group of ${fact.scope} does not exist in this subscription (404${fact.code ? `, ${fact.code}` : ''}); resourceGroup.create is false, so the deployment reads it and would fail`,
          `create the group first (\`az group create\`), check ${RESOURCE_GROUP_ENV}, or set resourceGroup.create to true`,
        );
      }
      return notPass(
        id,
        'warn',
        `could not read this identity's permissions at ${where}: Azure answered 403${fact.code ? ` (${fact.code})` : ''}, so preflight cannot tell whether apply may perform ${needed.join(' and ')}`,
        `ask for the Reader role at that scope (it includes reading one's own permissions), or check by hand: \`az role assignment list --assignee <your id> ${scopeArg} --include-inherited -o table\`; ${grantText(needed)}`,
      );
    }
    const missing = needed.filter((action) => !isAllowed(fact.entries, action));
    const roles = `${fact.entries.length} role ${fact.entries.length === 1 ? 'entry' : 'entries'} read`;
    if (missing.length === 0) {
      return pass(id, `${needed.join(' and ')} allowed at ${where}; ${roles}`);
    }
    const message = `${missing.join(' and ')} not allowed at ${where}; ${roles}: apply would fail part-way, after most resources exist`;
    const alternatives = missing.includes('Microsoft.Authorization/locks/write')
      ? '; or, for the lock only, set offload.deleteLock to false (reported by policy rule VAZ-REL-012 unless suppressed with a reason)'
      : '';
    const remedy = `${grantText(missing)}${alternatives}`;
    if (!groupNamed && !profile.resourceGroup.create) {
      return notPass(
        id,
        'warn',
        `${message}, unless the identity holds them on the resource group itself, which is not seen at subscription scope`,
        `set ${RESOURCE_GROUP_ENV} to the group's name so preflight reads the group itself; otherwise ${remedy}`,
      );
    }
    return notPass(id, 'fail', message, remedy);
  },
};

/** Which built-in roles grant the actions, as a remedy. */
function grantText(actions: readonly AuthorizationAction[]): string {
  const each = actions.map((a) => `${a}: ${orList(AUTHORIZATION_ACTIONS[a].roles)}`);
  return `assign this identity a role that grants ${each.join('; ')} (at the resource group or the subscription), e.g. \`az role assignment create --assignee <your id> --role "User Access Administrator" --scope <scope>\`, or let someone who holds one run the deployment`;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
