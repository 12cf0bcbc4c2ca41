/**
 * The general-purpose VM sizes for the management (VMS) node and the client pool, with the figures planning uses.
 *
 * Source: Microsoft's "Dv5 and Dsv5-series" size page (MicrosoftDocs/azure-docs
 * `articles/virtual-machines/dv5-dsv5-series.md`, read 2026-12-02): vCPU, memory, max NICs and max network
 * bandwidth; accelerated networking is required on every Dsv5 size; Premium Storage and Gen1/Gen2 images are
 * supported. Quota family `standardDSv5Family`. VAST's own sizing for a VMS instance on Azure was not found; its
 * GCP reference architecture places one general-purpose VM for VMS beside the data nodes.
 */

/** One general-purpose VM size. */
export interface GeneralPurposeSpec {
  /** The Azure size name, e.g. `Standard_D8s_v5`. */
  readonly name: string;
  /** Virtual CPUs. */
  readonly vcpus: number;
  /** Memory in GiB. */
  readonly memoryGiB: number;
  /** Most network interfaces the size accepts. */
  readonly maxNics: number;
  /** Microsoft's max network bandwidth in megabits per second. */
  readonly networkMbps: number;
  /** The compute quota family. */
  readonly quotaFamily: string;
}

const TABLE = [
  ['Standard_D4s_v5', 4, 16, 2, 12_500],
  ['Standard_D8s_v5', 8, 32, 4, 12_500],
  ['Standard_D16s_v5', 16, 64, 8, 12_500],
  ['Standard_D32s_v5', 32, 128, 8, 16_000],
  ['Standard_D48s_v5', 48, 192, 8, 24_000],
  ['Standard_D64s_v5', 64, 256, 8, 30_000],
] as const;

/** A size name in the catalog (a closed set). */
export type GeneralPurposeSize = (typeof TABLE)[number][0];

/** Every catalog size by name. */
export const GENERAL_PURPOSE_CATALOG: Readonly<Record<string, GeneralPurposeSpec>> = Object.freeze(
  Object.fromEntries(
    TABLE.map(([name, vcpus, memoryGiB, maxNics, networkMbps]) => [
      name,
      Object.freeze({ name, vcpus, memoryGiB, maxNics, networkMbps, quotaFamily: 'standardDSv5Family' }),
    ]),
  ),
);

/** The catalog's size names, in catalog order. */
export const GENERAL_PURPOSE_SIZES: readonly string[] = Object.freeze(TABLE.map(([name]) => name));

/** The management (VMS) node's size when the profile names none. */
export const DEFAULT_MANAGEMENT_SIZE: GeneralPurposeSize = 'Standard_D8s_v5';

/** A client VM's size when the profile names none. */
export const DEFAULT_CLIENT_SIZE: GeneralPurposeSize = 'Standard_D16s_v5';

/** Whether `name` is a catalog size (exact Azure spelling). */
export function isGeneralPurposeSize(name: string): name is GeneralPurposeSize {
  return Object.prototype.hasOwnProperty.call(GENERAL_PURPOSE_CATALOG, name);
}

/**
 * Looks up a size, failing with a message that names the field, the value and what is allowed.
 *
 * @throws Error when the size is not in the catalog.
 */
export function generalPurposeSpec(name: string, field: string): GeneralPurposeSpec {
  const spec = GENERAL_PURPOSE_CATALOG[name];
  if (spec) return spec;
  const caseMatch = GENERAL_PURPOSE_SIZES.find((s) => s.toLowerCase() === name.toLowerCase());
  throw new Error(
    `${field} must be one of the catalog general-purpose sizes (${GENERAL_PURPOSE_SIZES.join(', ')}), got "${name}"${caseMatch ? `; did you mean "${caseMatch}"?` : ''}`,
  );
}
