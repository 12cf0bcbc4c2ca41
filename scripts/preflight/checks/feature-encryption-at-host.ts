import { notPass, pass, type PreflightCheck } from '../check';
import { ENCRYPTION_AT_HOST_FEATURE } from '../requirements';

/**
 * Encryption at host feature: when the profile turns encryption at host on, the subscription has the
 * `Microsoft.Compute/EncryptionAtHost` feature registered. `NotRegistered`, `Unregistered` and `Unregistering` fail;
 * `Registering` / `Pending` warn (registration is under way); a 404 with an ARM error (the cloud does not know the
 * feature) warns, as preflight cannot tell; a state outside that set fails (only `Registered` deploys). An answer
 * without a state never reaches this check: it is an outside failure (exit 3). Passes as not needed when the profile turns it off.
 */
export const featureEncryptionAtHostCheck: PreflightCheck<'feature-encryption-at-host'> = {
  id: 'feature-encryption-at-host',
  run({ profile, facts }) {
    const id = 'feature-encryption-at-host';
    const { namespace, name } = ENCRYPTION_AT_HOST_FEATURE;
    const full = `${namespace}/${name}`;
    if (!profile.nodes.encryptionAtHost) {
      return pass(id, `not needed: nodes.encryptionAtHost is false, so ${full} was not asked about`);
    }
    const show = `\`az feature show --namespace ${namespace} --name ${name} --query properties.state\``;
    const register = `\`az feature register --namespace ${namespace} --name ${name}\``;
    const propagate = `\`az provider register --namespace ${namespace}\``;
    const fact = facts.features.find(
      (f) => f.namespace.toLowerCase() === namespace.toLowerCase() && f.name.toLowerCase() === name.toLowerCase(),
    );
    if (!fact) {
      return notPass(id, 'warn', `not checked: ${full} was not read from Azure`, `check it by hand: ${show}`);
    }
    const state = fact.state;
    if (state === 'Registered') {
      return pass(id, `${full} is Registered for this subscription (nodes.encryptionAtHost is true)`);
    }
    if (state === 'Registering' || state === 'Pending') {
      return notPass(
        id,
        'warn',
        `${full} is ${state} for this subscription: registration is under way (nodes.encryptionAtHost is true)`,
        `wait until ${show} says Registered (it can take a while), then run ${propagate} so the registration reaches the provider, before deploying`,
      );
    }
    if (state === 'NotFound') {
      return notPass(
        id,
        'warn',
        `Azure does not know the feature ${full} in this subscription's cloud (404${fact.notFoundCode ? `, ${fact.notFoundCode}` : ''}): preflight cannot tell whether encryption at host will deploy`,
        `check with ${show} and the cloud's documentation for encryption at host; if it is not offered there, set nodes.encryptionAtHost to false`,
      );
    }
    const remedy = `register it (needs Contributor on the subscription): ${register}, wait until ${show} says Registered, then ${propagate}; or set nodes.encryptionAtHost to false`;
    if (state === 'NotRegistered' || state === 'Unregistered' || state === 'Unregistering') {
      return notPass(
        id,
        'fail',
        `${full} is ${state} for this subscription, and nodes.encryptionAtHost is true: the node pool would fail to deploy`,
        remedy,
      );
    }
    // Only Registered deploys: a state outside Azure's documented set is not read as good news.
    return notPass(
      id,
      'fail',
      `${full} is in a state preflight does not know (${state}); the node pool deploys only once it is Registered`,
      `check with ${show}; if it is not Registered: ${remedy}`,
    );
  },
};
