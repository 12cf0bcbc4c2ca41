import { Construct } from 'constructs';
import { NatGateway } from '@cdktf/provider-azurerm/lib/nat-gateway';
import { NatGatewayPublicIpAssociation } from '@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association';
import { NetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { PublicIp } from '@cdktf/provider-azurerm/lib/public-ip';
import { Subnet } from '@cdktf/provider-azurerm/lib/subnet';
import { SubnetNatGatewayAssociation } from '@cdktf/provider-azurerm/lib/subnet-nat-gateway-association';
import { SubnetNetworkSecurityGroupAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { VirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { Token, type ITerraformDependable } from 'cdktf';
import { assertDisjoint, assertInside, assertZone, requireCidr, type Tags } from '../shared/validation';
import {
  CLIENT_PROTOCOLS,
  DEFAULT_CLIENT_PROTOCOLS,
  MANAGEMENT_PORTS,
  PROTOCOL_PORTS,
  type ClientProtocol,
  type Transport,
} from './vast-ports';

/** Props of {@link ClusterNetwork}. */
export interface ClusterNetworkProps {
  /** Prefix for Azure resource names, e.g. the profile name. */
  readonly namePrefix: string;
  /** Resource group that holds the network. */
  readonly resourceGroupName: string;
  /** Azure region. */
  readonly location: string;
  /**
   * The cluster's availability zone: the NAT gateway and its public IP are pinned to it. Leave it unset for a
   * regional (zone-less) cluster: then neither carries a zone, as Azure places the nodes in no zone either.
   *
   * @default - regional: no zones on the NAT gateway and its public IP
   */
  readonly zone?: string;
  /** VNet address space, one IPv4 CIDR. */
  readonly addressSpace: string;
  /** CIDR of the subnet the nodes use; must lie inside the address space. */
  readonly nodeSubnetCidr: string;
  /** CIDR of the subnet that holds private endpoints; must lie inside the address space. */
  readonly privateEndpointSubnetCidr: string;
  /**
   * Source CIDRs allowed to reach the nodes on SSH (TCP 22). A list, or a Terraform token (e.g. a variable) that
   * resolves to one.
   */
  readonly adminCidrs: string[];
  /**
   * Source CIDRs of the storage clients: they reach the nodes on the ports of the offered protocols. A list, or a
   * Terraform token (e.g. a variable) that resolves to one. IPv4 blocks of /8 or longer that do not overlap the node
   * or endpoint subnet.
   *
   * @default - no client CIDRs (only the client subnet, when there is one, reaches the data ports)
   */
  readonly clientCidrs?: string[];
  /**
   * The client protocols the cluster offers; each opens its VAST ports (see `vast-ports.ts`) to the clients.
   *
   * @default ["nfs"]
   */
  readonly protocols?: readonly ClientProtocol[];
  /**
   * CIDR of a subnet for client VMs (the POC's load generators), inside the address space. Its hosts count as
   * clients: they reach the nodes on the protocol ports. It has its own NSG (SSH from the admin CIDRs only) and
   * leaves through the NAT gateway.
   *
   * @default - no client subnet
   */
  readonly clientSubnetCidr?: string;
  /**
   * Idle timeout of outbound flows through the NAT gateway, minutes.
   *
   * @default 4
   */
  readonly natIdleTimeoutMinutes?: number;
  /** Tags for every resource. */
  readonly tags: Tags;
}

/** What the rest of the cluster needs from a network, whether created here or brought by the customer. */
export interface INetwork {
  /** Resource id of the virtual network (private DNS zones are linked to it). */
  readonly virtualNetworkId: string;
  /** Resource id of the subnet the nodes use. */
  readonly nodeSubnetId: string;
  /** Resource id of the subnet that holds private endpoints. */
  readonly privateEndpointSubnetId: string;
}

/** NSG rule priorities, lowest first. Ids and priorities are part of the contract: changing one replaces a rule. */
const PRIORITY = {
  intraSubnet: 100,
  ssh: 110,
  managementHttps: 120,
  endpointHttps: 100,
  clientSsh: 110,
  denyAll: 4096,
} as const;

/**
 * Priorities of the client rules: one per protocol and transport from the client CIDRs, the same plus 100 from the
 * client subnet.
 */
const CLIENT_PRIORITY: Readonly<Record<ClientProtocol, Readonly<Record<Transport, number>>>> = {
  nfs: { Tcp: 200, Udp: 201 },
  smb: { Tcp: 210, Udp: 211 },
  s3: { Tcp: 220, Udp: 221 },
  block: { Tcp: 230, Udp: 231 },
};
const CLIENT_SUBNET_OFFSET = 100;

/** One NSG rule this construct wrote for client or management access: what the docs and outputs list. */
export interface AccessRule {
  /** The rule name. */
  readonly name: string;
  /** `clients` (client CIDRs), `client-subnet` or `admins` (admin CIDRs). */
  readonly from: 'clients' | 'client-subnet' | 'admins';
  /** The transport. */
  readonly transport: Transport;
  /** The destination ports. */
  readonly ports: readonly string[];
}

/**
 * The cluster's network: a VNet with a node subnet and a private endpoint subnet, each behind its own NSG, and
 * explicit outbound through a zonal NAT gateway (Flexible scale sets have no default outbound access).
 *
 * Inbound to the nodes is denied except traffic between nodes of the subnet and SSH from the admin CIDRs; the
 * endpoint subnet accepts only HTTPS from the node subnet. Neither subnet has default outbound access.
 */
export class ClusterNetwork extends Construct implements INetwork {
  /** The virtual network. */
  readonly virtualNetwork: VirtualNetwork;
  /** The node subnet. */
  readonly nodeSubnet: Subnet;
  /** The private endpoint subnet. */
  readonly privateEndpointSubnet: Subnet;
  /** The NSG attached to the node subnet. */
  readonly nodeSecurityGroup: NetworkSecurityGroup;
  /** The NSG attached to the private endpoint subnet. */
  readonly endpointSecurityGroup: NetworkSecurityGroup;
  /** The NAT gateway all node outbound traffic leaves through. */
  readonly natGateway: NatGateway;
  /** The zonal Standard public IP of the NAT gateway (the cluster's only public address, outbound only). */
  readonly natPublicIp: PublicIp;
  /** What must exist before nodes boot: the NSG and NAT gateway associations of the node subnet. */
  readonly nodeSubnetReady: ITerraformDependable[];
  /** The client subnet, when the props ask for one. */
  readonly clientSubnet?: Subnet;
  /** The NSG of the client subnet. */
  readonly clientSecurityGroup?: NetworkSecurityGroup;
  /** What must exist before client VMs boot: the client subnet's NSG and NAT gateway associations. */
  readonly clientSubnetReady: ITerraformDependable[] = [];
  /** The client and management rules written on the node NSG, in priority order. */
  readonly accessRules: AccessRule[] = [];

  constructor(scope: Construct, id: string, props: ClusterNetworkProps) {
    super(scope, id);
    if (props.zone !== undefined) assertZone(props.zone, 'zone');
    const zones = props.zone === undefined ? undefined : [props.zone];
    const space = requireCidr(props.addressSpace, 'addressSpace');
    const nodes = requireCidr(props.nodeSubnetCidr, 'nodeSubnetCidr');
    const endpoints = requireCidr(props.privateEndpointSubnetCidr, 'privateEndpointSubnetCidr');
    assertInside(space, nodes, 'nodeSubnetCidr');
    assertInside(space, endpoints, 'privateEndpointSubnetCidr');
    assertDisjoint(nodes, endpoints, 'privateEndpointSubnetCidr');
    if (!Token.isUnresolved(props.adminCidrs) && props.adminCidrs.length === 0) {
      throw new Error('adminCidrs must name at least one CIDR, got an empty list');
    }
    const protocols = props.protocols ?? DEFAULT_CLIENT_PROTOCOLS;
    protocols.forEach((p, i) => {
      if (!(CLIENT_PROTOCOLS as readonly string[]).includes(p)) {
        throw new Error(
          `protocols[${i}] must be one of ${CLIENT_PROTOCOLS.map((x) => `"${x}"`).join(', ')}, got "${String(p)}"`,
        );
      }
    });
    const clientCidrs = props.clientCidrs;
    if (clientCidrs !== undefined && !Token.isUnresolved(clientCidrs)) {
      clientCidrs.forEach((text, i) => {
        const c = requireCidr(text, `clientCidrs[${i}]`);
        if (c && c.prefix < 8) {
          throw new Error(`clientCidrs[${i}] must be /8 or longer (never the internet), got "${text}"`);
        }
        assertDisjoint(nodes, c, `clientCidrs[${i}]`);
        assertDisjoint(endpoints, c, `clientCidrs[${i}]`);
      });
    }
    const clientNet =
      props.clientSubnetCidr === undefined ? undefined : requireCidr(props.clientSubnetCidr, 'clientSubnetCidr');
    assertInside(space, clientNet, 'clientSubnetCidr');
    assertDisjoint(nodes, clientNet, 'clientSubnetCidr');
    assertDisjoint(endpoints, clientNet, 'clientSubnetCidr');
    const common = { resourceGroupName: props.resourceGroupName, location: props.location, tags: props.tags };
    const n = props.namePrefix;

    this.virtualNetwork = new VirtualNetwork(this, 'vnet', {
      ...common,
      name: `vnet-${n}`,
      addressSpace: [props.addressSpace],
    });

    const subnet = (id: string, name: string, cidr: string) =>
      new Subnet(this, id, {
        name,
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: [cidr],
        defaultOutboundAccessEnabled: false,
        privateEndpointNetworkPolicies: 'Enabled',
      });
    this.nodeSubnet = subnet('node-subnet', `snet-${n}-nodes`, props.nodeSubnetCidr);
    this.privateEndpointSubnet = subnet('endpoint-subnet', `snet-${n}-endpoints`, props.privateEndpointSubnetCidr);

    this.nodeSecurityGroup = new NetworkSecurityGroup(this, 'node-nsg', { ...common, name: `nsg-${n}-nodes` });
    const nodeRule = (id: string, rule: RuleSpec) =>
      this.rule(this.nodeSecurityGroup, id, props.resourceGroupName, rule);
    nodeRule('allow-intra-subnet', {
      name: 'AllowIntraSubnetInbound',
      priority: PRIORITY.intraSubnet,
      access: 'Allow',
      protocol: '*',
      source: props.nodeSubnetCidr,
      destination: props.nodeSubnetCidr,
      ports: '*',
    });
    const managementPort = (service: string) => {
      const row = MANAGEMENT_PORTS.find((p) => p.service.startsWith(service));
      if (!row) throw new Error(`the port table has no management port for ${service}`);
      return row;
    };
    const ssh = managementPort('SSH');
    nodeRule('allow-ssh', {
      name: 'AllowSshFromAdminCidrs',
      priority: PRIORITY.ssh,
      access: 'Allow',
      protocol: ssh.transport,
      sources: props.adminCidrs,
      destination: props.nodeSubnetCidr,
      ports: ssh.port,
    });
    this.accessRules.push({ name: 'AllowSshFromAdminCidrs', from: 'admins', transport: 'Tcp', ports: [ssh.port] });
    const https = managementPort('VMS');
    nodeRule('allow-management-https', {
      name: 'AllowManagementHttpsFromAdminCidrs',
      priority: PRIORITY.managementHttps,
      access: 'Allow',
      protocol: https.transport,
      sources: props.adminCidrs,
      destination: props.nodeSubnetCidr,
      ports: https.port,
      description: 'VMS web UI and REST API, administrators only.',
    });
    this.accessRules.push({
      name: 'AllowManagementHttpsFromAdminCidrs',
      from: 'admins',
      transport: https.transport,
      ports: [https.port],
    });
    const clientRules = (from: 'clients' | 'client-subnet', sources: string[], offset: number) => {
      for (const protocol of CLIENT_PROTOCOLS) {
        if (!protocols.includes(protocol)) continue;
        for (const transport of ['Tcp', 'Udp'] as const) {
          const ports = PROTOCOL_PORTS[protocol].filter((p) => p.transport === transport).map((p) => p.port);
          if (ports.length === 0) continue;
          const title = protocol === 's3' ? 'S3' : protocol[0].toUpperCase() + protocol.slice(1);
          const name = `Allow${title}${transport}From${from === 'clients' ? 'ClientCidrs' : 'ClientSubnet'}`;
          nodeRule(`allow-${protocol}-${transport.toLowerCase()}-from-${from}`, {
            name,
            priority: CLIENT_PRIORITY[protocol][transport] + offset,
            access: 'Allow',
            protocol: transport,
            sources,
            destination: props.nodeSubnetCidr,
            ports,
          });
          this.accessRules.push({ name, from, transport, ports });
        }
      }
    };
    if (clientCidrs !== undefined && (Token.isUnresolved(clientCidrs) || clientCidrs.length > 0)) {
      clientRules('clients', clientCidrs, 0);
    }
    if (props.clientSubnetCidr !== undefined)
      clientRules('client-subnet', [props.clientSubnetCidr], CLIENT_SUBNET_OFFSET);
    nodeRule('deny-all', denyAllInbound());

    this.endpointSecurityGroup = new NetworkSecurityGroup(this, 'endpoint-nsg', {
      ...common,
      name: `nsg-${n}-endpoints`,
    });
    const endpointRule = (id: string, rule: RuleSpec) =>
      this.rule(this.endpointSecurityGroup, id, props.resourceGroupName, rule);
    endpointRule('allow-https-from-nodes', {
      name: 'AllowHttpsFromNodes',
      priority: PRIORITY.endpointHttps,
      access: 'Allow',
      protocol: 'Tcp',
      source: props.nodeSubnetCidr,
      destination: props.privateEndpointSubnetCidr,
      ports: '443',
    });
    endpointRule('deny-all', denyAllInbound());

    const nodeNsgAssociation = new SubnetNetworkSecurityGroupAssociation(this, 'node-nsg-association', {
      subnetId: this.nodeSubnet.id,
      networkSecurityGroupId: this.nodeSecurityGroup.id,
    });
    new SubnetNetworkSecurityGroupAssociation(this, 'endpoint-nsg-association', {
      subnetId: this.privateEndpointSubnet.id,
      networkSecurityGroupId: this.endpointSecurityGroup.id,
    });

    this.natPublicIp = new PublicIp(this, 'nat-ip', {
      ...common,
      name: `pip-${n}-nat`,
      sku: 'Standard',
      skuTier: 'Regional',
      allocationMethod: 'Static',
      ipVersion: 'IPv4',
      zones,
    });
    this.natGateway = new NatGateway(this, 'nat', {
      ...common,
      name: `ng-${n}`,
      skuName: 'Standard',
      zones,
      idleTimeoutInMinutes: props.natIdleTimeoutMinutes ?? 4,
    });
    const natIpAssociation = new NatGatewayPublicIpAssociation(this, 'nat-ip-association', {
      natGatewayId: this.natGateway.id,
      publicIpAddressId: this.natPublicIp.id,
    });
    const natAssociation = new SubnetNatGatewayAssociation(this, 'nat-association', {
      subnetId: this.nodeSubnet.id,
      natGatewayId: this.natGateway.id,
    });
    // Nodes reach the internet only once the NAT gateway has its public IP and the subnet uses it.
    this.nodeSubnetReady = [nodeNsgAssociation, natAssociation, natIpAssociation];

    if (props.clientSubnetCidr !== undefined) {
      const clientSubnet = subnet('client-subnet', `snet-${n}-clients`, props.clientSubnetCidr);
      const clientNsg = new NetworkSecurityGroup(this, 'client-nsg', { ...common, name: `nsg-${n}-clients` });
      const clientRule = (id: string, rule: RuleSpec) => this.rule(clientNsg, id, props.resourceGroupName, rule);
      clientRule('allow-ssh', {
        name: 'AllowSshFromAdminCidrs',
        priority: PRIORITY.clientSsh,
        access: 'Allow',
        protocol: ssh.transport,
        sources: props.adminCidrs,
        destination: props.clientSubnetCidr,
        ports: ssh.port,
      });
      clientRule('deny-all', denyAllInbound());
      const clientNsgAssociation = new SubnetNetworkSecurityGroupAssociation(this, 'client-nsg-association', {
        subnetId: clientSubnet.id,
        networkSecurityGroupId: clientNsg.id,
      });
      // Client VMs install their NFS client and fio at boot: they leave through the same NAT gateway.
      const clientNat = new SubnetNatGatewayAssociation(this, 'client-nat-association', {
        subnetId: clientSubnet.id,
        natGatewayId: this.natGateway.id,
      });
      this.clientSubnet = clientSubnet;
      this.clientSecurityGroup = clientNsg;
      this.clientSubnetReady.push(clientNsgAssociation, clientNat, natIpAssociation);
    }
  }

  /** {@inheritDoc INetwork.virtualNetworkId} */
  get virtualNetworkId(): string {
    return this.virtualNetwork.id;
  }

  /** {@inheritDoc INetwork.nodeSubnetId} */
  get nodeSubnetId(): string {
    return this.nodeSubnet.id;
  }

  /** {@inheritDoc INetwork.privateEndpointSubnetId} */
  get privateEndpointSubnetId(): string {
    return this.privateEndpointSubnet.id;
  }

  private rule(nsg: NetworkSecurityGroup, id: string, resourceGroupName: string, r: RuleSpec): NetworkSecurityRule {
    return new NetworkSecurityRule(this, `${nsg.node.id}-${id}`, {
      name: r.name,
      resourceGroupName,
      networkSecurityGroupName: nsg.name,
      priority: r.priority,
      direction: 'Inbound',
      access: r.access,
      protocol: r.protocol,
      sourcePortRange: '*',
      ...(typeof r.ports === 'string' || r.ports.length === 1
        ? { destinationPortRange: typeof r.ports === 'string' ? r.ports : r.ports[0] }
        : { destinationPortRanges: [...r.ports] }),
      ...(r.sources ? { sourceAddressPrefixes: r.sources } : { sourceAddressPrefix: r.source }),
      destinationAddressPrefix: r.destination,
      description: r.description,
    });
  }
}

interface RuleSpec {
  readonly name: string;
  readonly priority: number;
  readonly access: 'Allow' | 'Deny';
  readonly protocol: 'Tcp' | 'Udp' | '*';
  readonly source?: string;
  readonly sources?: string[];
  readonly destination: string;
  readonly ports: string | readonly string[];
  readonly description?: string;
}

function denyAllInbound(): RuleSpec {
  return {
    name: 'DenyAllInbound',
    priority: PRIORITY.denyAll,
    access: 'Deny',
    protocol: '*',
    source: '*',
    destination: '*',
    ports: '*',
    description: 'Overrides the default AllowVnetInBound and AllowAzureLoadBalancerInBound rules.',
  };
}

/**
 * A network the customer already has. Nothing is created: no VNet, subnets, NSGs or NAT gateway. The customer is
 * responsible for inbound rules and for explicit outbound on the node subnet.
 */
export class ExistingNetwork extends Construct implements INetwork {
  constructor(
    scope: Construct,
    id: string,
    /** Resource ids of the customer's network. */
    readonly props: INetwork,
  ) {
    super(scope, id);
  }

  /** {@inheritDoc INetwork.virtualNetworkId} */
  get virtualNetworkId(): string {
    return this.props.virtualNetworkId;
  }

  /** {@inheritDoc INetwork.nodeSubnetId} */
  get nodeSubnetId(): string {
    return this.props.nodeSubnetId;
  }

  /** {@inheritDoc INetwork.privateEndpointSubnetId} */
  get privateEndpointSubnetId(): string {
    return this.props.privateEndpointSubnetId;
  }
}
