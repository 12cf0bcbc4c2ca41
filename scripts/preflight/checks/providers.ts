import { notPass, pass, type PreflightCheck } from '../check';
import { requiredProviders } from '../requirements';

/** Providers: every namespace the profile's resources need is registered (see {@link requiredProviders}). */
export const providersCheck: PreflightCheck<'providers'> = {
  id: 'providers',
  run({ profile, facts }) {
    const namespaces = requiredProviders(profile);
    const states = namespaces.map((ns) => {
      const found = facts.providers.find((p) => p.namespace.toLowerCase() === ns.toLowerCase());
      return { ns, state: found?.registrationState ?? 'NotFound' };
    });
    const missing = states.filter((s) => s.state !== 'Registered' && s.state !== 'Registering');
    const pending = states.filter((s) => s.state === 'Registering');
    const list = (xs: typeof states): string => xs.map((s) => `${s.ns} is ${s.state}`).join(', ');
    if (missing.length > 0) {
      return notPass(
        'providers',
        'fail',
        `${list(missing)} (${states.length - missing.length - pending.length} of ${states.length} needed namespaces registered)`,
        `register them (needs Contributor on the subscription): ${missing.map((s) => `\`az provider register --namespace ${s.ns}\``).join(', ')}`,
      );
    }
    if (pending.length > 0) {
      return notPass(
        'providers',
        'warn',
        `${list(pending)}; the other ${states.length - pending.length} needed namespaces are registered`,
        `wait until \`az provider show --namespace ${pending[0]?.ns ?? ''} --query registrationState\` says Registered (usually a few minutes)`,
      );
    }
    return pass('providers', `${namespaces.join(', ')} are registered`);
  },
};
