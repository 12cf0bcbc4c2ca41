import { describe, expect, it } from 'vitest';
import { resolveInputs, type PreflightInputs } from '../../scripts/preflight/main';
import { UsageError } from '../../scripts/lib/cli';
import { writeProfile } from './support';

// resolveInputs is pure (flags, environment, profile file in; inputs out), so these run in-process.

const ARM = '11111111-1111-4111-8111-111111111111';
const AZURE = '22222222-2222-4222-8222-222222222222';
const FLAG = '33333333-3333-4333-8333-333333333333';
const PROFILE = '44444444-4444-4444-8444-444444444444';

function resolve(args: string[], env: NodeJS.ProcessEnv, overrides: Record<string, unknown> = {}): PreflightInputs {
  const inputs = resolveInputs(['--profile', writeProfile(overrides), ...args], env);
  if (inputs === 'help') throw new Error('unexpected help');
  return inputs;
}

describe('preflight subscription precedence', () => {
  it('takes ARM_SUBSCRIPTION_ID, the variable the README deploy block exports, when it is the only one set', () => {
    // GIVEN only ARM_SUBSCRIPTION_ID
    // WHEN the inputs are resolved
    const inputs = resolve([], { ARM_SUBSCRIPTION_ID: ARM });
    // THEN the run checks that subscription and says where it came from
    expect(inputs.subscriptionId).toBe(ARM);
    expect(inputs.subscriptionSource).toBe('ARM_SUBSCRIPTION_ID');
    expect(inputs.notes).toEqual([]);
  });

  it('takes AZURE_SUBSCRIPTION_ID when it is the only one set', () => {
    // GIVEN only AZURE_SUBSCRIPTION_ID
    const inputs = resolve([], { AZURE_SUBSCRIPTION_ID: AZURE });
    // THEN it is used
    expect(inputs.subscriptionId).toBe(AZURE);
    expect(inputs.subscriptionSource).toBe('AZURE_SUBSCRIPTION_ID');
  });

  it('prefers ARM_SUBSCRIPTION_ID over AZURE_SUBSCRIPTION_ID and notes that they differ', () => {
    // GIVEN both variables, naming different subscriptions
    const inputs = resolve([], { ARM_SUBSCRIPTION_ID: ARM, AZURE_SUBSCRIPTION_ID: AZURE });
    // THEN the one Terraform deploys to wins, and the run says so
    expect(inputs.subscriptionId).toBe(ARM);
    expect(inputs.notes).toEqual([
      `ARM_SUBSCRIPTION_ID (${ARM}) and AZURE_SUBSCRIPTION_ID (${AZURE}) differ; checking ARM_SUBSCRIPTION_ID, the one Terraform deploys to`,
    ]);
  });

  it('prefers the profile subscriptionId over both variables', () => {
    // GIVEN a profile naming a subscription and both variables set
    const inputs = resolve([], { ARM_SUBSCRIPTION_ID: ARM, AZURE_SUBSCRIPTION_ID: AZURE }, { subscriptionId: PROFILE });
    // THEN the profile wins, without a note about the variables it ignored
    expect(inputs.subscriptionId).toBe(PROFILE);
    expect(inputs.subscriptionSource).toBe('profile');
    expect(inputs.notes).toEqual([]);
  });

  it('prefers --subscription over the profile and the variables', () => {
    // GIVEN the flag, a profile subscription and both variables
    const inputs = resolve(
      ['--subscription', FLAG],
      { ARM_SUBSCRIPTION_ID: ARM, AZURE_SUBSCRIPTION_ID: AZURE },
      { subscriptionId: PROFILE },
    );
    // THEN the flag wins
    expect(inputs.subscriptionId).toBe(FLAG);
    expect(inputs.subscriptionSource).toBe('--subscription');
  });

  it('fails when ARM_SUBSCRIPTION_ID is not a GUID, naming the variable', () => {
    // GIVEN a malformed ARM_SUBSCRIPTION_ID
    // WHEN the inputs are resolved
    // THEN it is a usage error naming the variable and the value
    expect(() => resolve([], { ARM_SUBSCRIPTION_ID: 'my-sub' })).toThrow(
      new UsageError('ARM_SUBSCRIPTION_ID must be a subscription GUID, got "my-sub"'),
    );
  });
});
