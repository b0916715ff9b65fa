/** Entry point of the CrossGuard pack: the mesh policies (components/policy/index.ts), mandatory. */
import { PolicyPack } from "@pulumi/policy";
import { meshPolicies } from "../index";

new PolicyPack("meshplane", { enforcementLevel: "mandatory", policies: meshPolicies });
