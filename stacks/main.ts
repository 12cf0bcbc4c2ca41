/**
 * The cdktf app entry point (`cdktf.json` runs it for `cdktf synth|diff|deploy|destroy`). The profile comes from
 * the `VAST_PROFILE` environment variable, else the shipped default profile.
 */
import { reportFailure } from '../scripts/lib/cli';
import { buildApp } from './app';
import { loadProfile, resolveProfilePath } from './profile/load';

try {
  const profile = loadProfile(resolveProfilePath(undefined));
  buildApp(profile).app.synth();
} catch (e) {
  process.exitCode = reportFailure(e);
}
