/** Issue 10 item 13: a lookup by a user-supplied key sees the catalog's own entries only, never Object.prototype. */
import { describe, expect, it } from 'vitest';
import { isLSeriesSize, lSeriesSpec, L_SERIES_CATALOG } from '../../constructs/compute/l-series-catalog';
import { needsGen2NvmeImage } from '../../constructs/policy/config';
import { ProfileError, validateProfile } from '../../stacks/profile/schema';
import { baseProfileData } from '../support/terraform';

const INHERITED = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

describe('lookups by user-supplied keys', () => {
  for (const name of INHERITED) {
    it(`fails with a ProfileError naming nodes.vmSize when it is "${name}"`, () => {
      // GIVEN a profile whose vmSize is an inherited property name
      const data = { ...baseProfileData(), nodes: { count: 8, vmSize: name } };
      // WHEN validated THEN a profile error (exit 2) names the field and the value, not a TypeError (exit 70)
      let error: unknown;
      try {
        validateProfile(data);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ProfileError);
      expect((error as ProfileError).issues).toEqual([
        {
          field: 'nodes.vmSize',
          message: expect.stringMatching(
            new RegExp(`^nodes\\.vmSize must be one of the catalog L-series sizes \\(.*\\), got "${name}"`),
          ) as unknown as string,
        },
      ]);
    });
  }

  it('fails when the catalog is asked for an inherited property name', () => {
    // GIVEN "constructor" WHEN looked up THEN the lookup refuses it like any unknown size
    expect(() => lSeriesSpec('constructor', 'vmSize')).toThrow(/^vmSize must be one of the catalog/);
    expect(isLSeriesSize('toString')).toBe(false);
  });

  it('has no prototype behind the catalog, so no inherited name resolves', () => {
    // GIVEN the catalog WHEN its prototype is read THEN there is none
    expect(Object.getPrototypeOf(L_SERIES_CATALOG)).toBeNull();
    expect((L_SERIES_CATALOG as Record<string, unknown>).constructor).toBeUndefined();
  });

  it('treats an inherited name as an unknown size in the policy helpers', () => {
    // GIVEN "constructor" WHEN the policy asks whether it needs a Gen2 image THEN it is not a catalog size
    expect(needsGen2NvmeImage('constructor')).toBe(false);
  });
});
