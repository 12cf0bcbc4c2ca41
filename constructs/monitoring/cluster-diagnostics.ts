import { Construct } from 'constructs';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { Token } from 'cdktf';
import { assertIntegerInRange, type Tags } from '../shared/validation';

/** Blob service log categories sent to the workspace: every read, write and delete on offloaded data. */
export const BLOB_LOG_CATEGORIES = ['StorageRead', 'StorageWrite', 'StorageDelete'] as const;
/** Blob service metric categories sent to the workspace. */
export const BLOB_METRIC_CATEGORIES = ['Transaction'] as const;
/** NSG log categories (NSGs have no metrics in diagnostic settings). */
export const NSG_LOG_CATEGORIES = ['NetworkSecurityGroupEvent', 'NetworkSecurityGroupRuleCounter'] as const;
/** Workspace retention Azure and the provider accept (`IntBetween(30, 730)`), days. */
export const WORKSPACE_RETENTION_DAYS = { min: 30, max: 730, default: 30 } as const;
/** A Log Analytics workspace resource id (the shape the provider's `ValidateWorkspaceID` accepts). */
export const WORKSPACE_ID_PATTERN =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;

/** Name of every diagnostic setting the toolkit creates. */
export const DIAGNOSTIC_SETTING_NAME = 'vast-poc-diagnostics';

/** A resource whose diagnostics go to the workspace. */
export interface DiagnosticTarget {
  /** Construct id of the setting (part of its Terraform address). */
  readonly id: string;
  /** Resource id of the target. */
  readonly resourceId: string;
}

/** Props of {@link ClusterDiagnostics}. */
export interface ClusterDiagnosticsProps {
  /** Prefix for Azure resource names. */
  readonly namePrefix: string;
  /** Resource group for a created workspace. */
  readonly resourceGroupName: string;
  /** Azure region of a created workspace. */
  readonly location: string;
  /**
   * An existing Log Analytics workspace (resource id) to send to; nothing is created.
   *
   * @default - a workspace `log-<namePrefix>` is created
   */
  readonly workspaceId?: string;
  /**
   * Retention of a created workspace, days (30–730).
   *
   * @default 30
   */
  readonly retentionDays?: number;
  /** Resource id of the offload storage account: its blob service's reads, writes, deletes and transactions. */
  readonly storageAccountId: string;
  /** Network security groups whose event and rule-counter logs are sent. */
  readonly networkSecurityGroups: readonly DiagnosticTarget[];
  /** Tags for a created workspace. */
  readonly tags: Tags;
}

/**
 * Diagnostics a customer's operations team can query: the offload account's blob service (StorageRead, StorageWrite,
 * StorageDelete logs and the Transaction metric) and the NSGs' logs, sent to an existing Log Analytics workspace or
 * to a new one with Entra ID-only access and explicit retention.
 */
export class ClusterDiagnostics extends Construct {
  /** The created workspace, when none was given. */
  readonly workspace?: LogAnalyticsWorkspace;
  /** Resource id of the workspace the settings send to. */
  readonly workspaceId: string;
  /** The blob service's diagnostic setting. */
  readonly blobSetting: MonitorDiagnosticSetting;

  constructor(scope: Construct, id: string, props: ClusterDiagnosticsProps) {
    super(scope, id);
    const given = props.workspaceId;
    if (given !== undefined && !Token.isUnresolved(given) && !WORKSPACE_ID_PATTERN.test(given)) {
      throw new Error(`workspaceId must be a Log Analytics workspace resource id, got "${given}"`);
    }
    if (given !== undefined && props.retentionDays !== undefined) {
      throw new Error('retentionDays must not be set with workspaceId: an existing workspace keeps its own retention');
    }
    const retention = props.retentionDays ?? WORKSPACE_RETENTION_DAYS.default;
    assertIntegerInRange(retention, WORKSPACE_RETENTION_DAYS.min, WORKSPACE_RETENTION_DAYS.max, 'retentionDays');

    if (given === undefined) {
      this.workspace = new LogAnalyticsWorkspace(this, 'workspace', {
        name: `log-${props.namePrefix}`,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        sku: 'PerGB2018',
        // The provider sends 0 when unset; and 4.x leaves shared-key (local) auth on unless told otherwise.
        retentionInDays: retention,
        localAuthenticationEnabled: false,
        tags: props.tags,
      });
      this.workspaceId = this.workspace.id;
    } else {
      this.workspaceId = given;
    }

    this.blobSetting = new MonitorDiagnosticSetting(this, 'offload-blob', {
      name: DIAGNOSTIC_SETTING_NAME,
      targetResourceId: `${props.storageAccountId}/blobServices/default`,
      logAnalyticsWorkspaceId: this.workspaceId,
      enabledLog: BLOB_LOG_CATEGORIES.map((category) => ({ category })),
      enabledMetric: BLOB_METRIC_CATEGORIES.map((category) => ({ category })),
    });
    for (const nsg of props.networkSecurityGroups) {
      new MonitorDiagnosticSetting(this, nsg.id, {
        name: DIAGNOSTIC_SETTING_NAME,
        targetResourceId: nsg.resourceId,
        logAnalyticsWorkspaceId: this.workspaceId,
        enabledLog: NSG_LOG_CATEGORIES.map((category) => ({ category })),
      });
    }
  }
}
