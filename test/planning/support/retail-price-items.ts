/**
 * Test fixture: Retail Prices API items for uksouth in the API's shape. The prices are MADE UP round numbers for
 * arithmetic checks, not Azure prices. Includes the meters the planner must ignore (Windows, Spot, Low Priority, an
 * older effective date, a Files product with the same meter name, a volume tier).
 */
import type { RetailItem } from './retail-prices-server';

const vm = (
  productName: string,
  skuName: string,
  meterName: string,
  retailPrice: number,
  effectiveStartDate: string,
): RetailItem => ({
  serviceName: 'Virtual Machines',
  armRegionName: 'uksouth',
  armSkuName: 'Standard_L96s_v4',
  productName,
  skuName,
  meterName,
  retailPrice,
  unitPrice: retailPrice,
  unitOfMeasure: '1 Hour',
  type: 'Consumption',
  currencyCode: 'USD',
  effectiveStartDate,
});

const storage = (productName: string, meterName: string, retailPrice: number, tierMinimumUnits = 0): RetailItem => ({
  serviceName: 'Storage',
  armRegionName: 'uksouth',
  productName,
  skuName: meterName.replace(/ Data Stored$/, ''),
  meterName,
  retailPrice,
  unitOfMeasure: '1 GB/Month',
  tierMinimumUnits,
  type: 'Consumption',
  currencyCode: 'USD',
  effectiveStartDate: '2024-01-01T00:00:00Z',
});

const global = (
  serviceName: string,
  productName: string,
  meterName: string,
  unitOfMeasure: string,
  retailPrice: number,
): RetailItem => ({
  serviceName,
  armRegionName: 'Global',
  productName,
  skuName: 'Standard',
  meterName,
  retailPrice,
  unitOfMeasure,
  type: 'Consumption',
  currencyCode: 'USD',
  effectiveStartDate: '2023-01-01T00:00:00Z',
});

const amlfs = (mbps: number, retailPrice: number): RetailItem => ({
  serviceName: 'Azure Managed Lustre',
  armRegionName: 'uksouth',
  productName: 'Azure Managed Lustre File System',
  skuName: `Durable Premium ${mbps}`,
  meterName: `Durable Premium ${mbps} Capacity`,
  retailPrice,
  unitOfMeasure: '1 GiB/Hour',
  type: 'Consumption',
  currencyCode: 'USD',
  effectiveStartDate: '2024-01-01T00:00:00Z',
});

/** Made-up prices, by meaning, for expected-value arithmetic in tests. */
export const FIXTURE = {
  vmHourly: 10,
  blobHotZrsPerGBMonth: 0.03,
  natHourly: 0.05,
  natPerGB: 0.05,
  privateLinkPerGB: 0.01,
  amlfsPerGiBHour: { 40: 0.0001, 125: 0.0002, 250: 0.0003, 500: 0.0004 } as Record<number, number>,
} as const;

/** Every item the fake API serves. */
export const RETAIL_ITEMS: readonly RetailItem[] = [
  vm('Virtual Machines Lsv4 Series', 'L96s v4', 'L96s v4', 9.5, '2024-01-01T00:00:00Z'),
  vm('Virtual Machines Lsv4 Series', 'L96s v4', 'L96s v4', FIXTURE.vmHourly, '2025-06-01T00:00:00Z'),
  vm('Virtual Machines Lsv4 Series Windows', 'L96s v4', 'L96s v4', 14, '2025-06-01T00:00:00Z'),
  vm('Virtual Machines Lsv4 Series', 'L96s v4 Spot', 'L96s v4 Spot', 2, '2025-06-01T00:00:00Z'),
  vm('Virtual Machines Lsv4 Series', 'L96s v4 Low Priority', 'L96s v4 Low Priority', 3, '2025-06-01T00:00:00Z'),
  storage('Files v2', 'Hot ZRS Data Stored', 0.05),
  storage('General Block Blob v2', 'Hot ZRS Data Stored', FIXTURE.blobHotZrsPerGBMonth),
  storage('General Block Blob v2', 'Hot ZRS Data Stored', 0.028, 51_200),
  storage('General Block Blob v2', 'Cool ZRS Data Stored', 0.02),
  storage('Blob Storage', 'Hot LRS Data Stored', 0.021),
  global('NAT Gateway', 'NAT Gateway', 'Standard Gateway', '1 Hour', FIXTURE.natHourly),
  global('NAT Gateway', 'NAT Gateway', 'Standard Data Processed', '1 GB', FIXTURE.natPerGB),
  global(
    'Virtual Network',
    'Virtual Network Private Link',
    'Standard Data Processed - Ingress',
    '1 GB',
    FIXTURE.privateLinkPerGB,
  ),
  global('Virtual Network', 'Virtual Network Private Link', 'Standard Data Processed - Egress', '1 GB', 0.01),
  global('Virtual Network', 'Virtual Network Private Link', 'Standard Private Endpoint', '1 Hour', 0.01),
  ...[40, 125, 250, 500].map((mbps) => amlfs(mbps, FIXTURE.amlfsPerGiBHour[mbps]!)),
];
