/** The preflight check registry: every check, in the order the report lists them ({@link CHECK_IDS}). */
import { CHECK_IDS, type CheckId, type PreflightCheck } from './check';
import { providersCheck } from './checks/providers';
import { regionCheck } from './checks/region';
import { skuRegionCheck } from './checks/sku-region';
import { skuZoneCheck } from './checks/sku-zone';
import { skuCapabilitiesCheck } from './checks/sku-capabilities';
import { quotaFamilyCheck } from './checks/quota-family';
import { quotaRegionalCheck } from './checks/quota-regional';
import { storageNameCheck } from './checks/storage-name';
import { featureEncryptionAtHostCheck } from './checks/feature-encryption-at-host';
import { networkExistingCheck } from './checks/network-existing';
import { faultDomainCountCheck } from './checks/fault-domain-count';
import { networkPeeringCheck } from './checks/network-peering';
import { deployerPermissionsCheck } from './checks/deployer-permissions';

/** Every check by id: the type makes sure each id of {@link CHECK_IDS} has exactly its check. */
const CHECKS_BY_ID: { readonly [Id in CheckId]: PreflightCheck<Id> } = {
  providers: providersCheck,
  region: regionCheck,
  'sku-region': skuRegionCheck,
  'sku-zone': skuZoneCheck,
  'sku-capabilities': skuCapabilitiesCheck,
  'quota-family': quotaFamilyCheck,
  'quota-regional': quotaRegionalCheck,
  'storage-name': storageNameCheck,
  'feature-encryption-at-host': featureEncryptionAtHostCheck,
  'network-existing': networkExistingCheck,
  'fault-domain-count': faultDomainCountCheck,
  'network-peering': networkPeeringCheck,
  'deployer-permissions': deployerPermissionsCheck,
};

/** Every preflight check, in report order. */
export const PREFLIGHT_CHECKS: readonly PreflightCheck[] = Object.freeze(CHECK_IDS.map((id) => CHECKS_BY_ID[id]));
