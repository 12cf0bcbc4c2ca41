/**
 * The profile a preflight report was made for, as the `profile` object of the `--json` document: what handoff
 * compares with the profile it packages (scripts/handoff/preflight.ts), so a report cannot silently travel with
 * another profile, region, zone, size or node count.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { REGIONAL_ZONE } from '../../constructs/compute/fault-domains';
import type { Profile } from '../../stacks/profile/schema';

/** The profile's identity in a preflight report. */
export interface PreflightProfileIdentity {
  /** `name` of the profile. */
  readonly name: string;
  /** `location` of the profile (the Azure region). */
  readonly location: string;
  /** The logical zone, or the regional marker when the profile has none. */
  readonly zone: string;
  /** `nodes.vmSize`. */
  readonly vmSize: string;
  /** `nodes.count`. */
  readonly nodeCount: number;
  /** SHA-256 (hex) of the profile file's bytes: tells whether the file changed since preflight. */
  readonly sha256: string;
}

/** The subscription-independent facts a report must share with the profile it is packaged with, for messages. */
export const IDENTITY_FIELDS = {
  name: 'profile name',
  location: 'region',
  zone: 'zone',
  vmSize: 'VM size',
  nodeCount: 'node count',
} as const satisfies Partial<Record<keyof PreflightProfileIdentity, string>>;

/** The identity of a loaded profile; `bytes` are the profile file's contents as read. */
export function profileIdentity(profile: Profile, bytes: Uint8Array | string): PreflightProfileIdentity {
  return {
    name: profile.name,
    location: profile.location,
    zone: profile.zone ?? REGIONAL_ZONE,
    vmSize: profile.nodes.vmSize,
    nodeCount: profile.nodes.count,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** {@link profileIdentity} of a profile file, reading its bytes. */
export function profileFileIdentity(profile: Profile, path: string): PreflightProfileIdentity {
  return profileIdentity(profile, readFileSync(path));
}
