/**
 * The cdktf app entry point (`cdktf.json` runs it for `cdktf synth|diff|deploy|destroy`). The profile comes from
 * the `VAST_PROFILE` environment variable, else the shipped default profile.
 */
import { reportFailure } from '../lib/failure';
import { loadProfile, resolveProfilePath } from './profile/load';
import { synthesizeWithPolicy } from './synthesize';

try {
  synthesizeWithPolicy(loadProfile(resolveProfilePath(undefined)));
} catch (e) {
  process.exitCode = reportFailure(e);
}
