/** Builds the CDKTF app for a profile; shared by the cdktf entry point, `npm run synth` and the tests. */
import { App } from 'cdktf';
import { applyPolicyPack } from '../constructs/policy/pack';
import { REQUIRED_TAGS } from './profile/model';
import type { Profile } from './profile/schema';
import { VastPocStack } from './vast-poc-stack';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /**
   * Where `app.synth()` writes.
   *
   * @default - cdktf's default (`CDKTF_OUTDIR` when the cdktf CLI runs the app, else `cdktf.out`)
   */
  readonly outdir?: string;
}

/** Creates an app holding one stack for the profile. Nothing is written until `app.synth()`. */
export function buildApp(profile: Profile, options: BuildAppOptions = {}): { app: App; stack: VastPocStack } {
  const app = new App({
    ...(options.outdir ? { outdir: options.outdir } : {}),
    // Construct metadata and stack traces would put machine paths into the output.
    stackTraces: false,
  });
  const stack = new VastPocStack(app, profile);
  // Security and reliability rules run at every synth; error findings fail it (docs/rules.md).
  applyPolicyPack(stack, {
    ...(profile.zone === undefined ? {} : { zone: profile.zone }),
    regional: profile.placement.mode === 'fault-domains',
    requiredTags: REQUIRED_TAGS,
    suppressions: profile.policy?.suppressions ?? [],
  });
  return { app, stack };
}
