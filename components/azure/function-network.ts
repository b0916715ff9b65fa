/**
 * FunctionNetwork: the inference function's virtual network. The product's storage accounts deny
 * every network by default (planning/storage.ts `storageFirewall`), and a Function App is not one
 * of the trusted services the firewall lets through, so the app joins this network (regional VNet
 * integration) and the accounts allow its subnet, reached through the subnet's Microsoft.Storage
 * service endpoint.
 *
 * One subnet, delegated to Microsoft.App/environments: the delegation Flex Consumption apps
 * integrate with (Microsoft.Web/serverFarms is the other plans'; Azure-Samples' Flex Consumption
 * templates, e.g. remote-mcp-apim-functions-python infra/app/vnet.bicep). A /22 leaves more addresses than the contract's largest instance cap (1000), each
 * instance taking one. The subnet is declared inside the network, not as its own resource, so an
 * update of the network never removes it.
 */
import * as network from "@pulumi/azure-native/network";
import * as pulumi from "@pulumi/pulumi";
import type { ProductContext } from "../context";

export const FUNCTION_SUBNET = "functions";
export const FUNCTION_ADDRESS_SPACE = "10.20.0.0/22";
export const FLEX_SUBNET_DELEGATION = "Microsoft.App/environments";

export interface FunctionNetworkArgs {
  context: ProductContext;
  resourceGroupName: pulumi.Input<string>;
  /** Defaults to the product's region (context.spec.target.region). */
  location?: string;
}

export class FunctionNetwork extends pulumi.ComponentResource {
  public readonly virtualNetworkName: string;
  public readonly virtualNetworkId: pulumi.Output<string>;
  /** The function's subnet: VNet integration of the app, and a rule of every storage firewall. */
  public readonly subnetId: pulumi.Output<string>;

  constructor(name: string, args: FunctionNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("meshplane:azure:FunctionNetwork", name, {}, opts);
    const { context } = args;
    this.virtualNetworkName = context.names.azure.virtualNetwork;
    const vnet = new network.VirtualNetwork(
      `${name}-vnet`,
      {
        virtualNetworkName: this.virtualNetworkName,
        resourceGroupName: args.resourceGroupName,
        location: args.location ?? context.spec.target.region,
        addressSpace: { addressPrefixes: [FUNCTION_ADDRESS_SPACE] },
        subnets: [
          {
            name: FUNCTION_SUBNET,
            addressPrefix: FUNCTION_ADDRESS_SPACE,
            delegations: [{ name: "flex", serviceName: FLEX_SUBNET_DELEGATION }],
            serviceEndpoints: [{ service: "Microsoft.Storage" }],
          },
        ],
        tags: context.labels,
      },
      { parent: this },
    );
    this.virtualNetworkId = vnet.id;
    this.subnetId = pulumi.interpolate`${vnet.id}/subnets/${FUNCTION_SUBNET}`;
    this.registerOutputs({
      virtualNetworkName: this.virtualNetworkName,
      virtualNetworkId: this.virtualNetworkId,
      subnetId: this.subnetId,
    });
  }
}
