/** Argument checks shared by the GCP components: errors name the argument. */
import type { ProductContext } from "../context";

export function checkGcpContext(context: ProductContext | undefined, component: string): void {
  if (context === undefined) throw new Error(`${component}: the context arg is required`);
  const cloud = context.spec.target.cloud;
  if (cloud !== "gcp") {
    throw new Error(`${component}: context targets ${cloud}, not gcp`);
  }
}

export function dataStoreOptions(context: ProductContext): {
  retainOnDelete: true;
  protect: boolean;
} {
  // Data is never destroyed by accident: every tier keeps its stores when the stack deletes them,
  // and gold additionally refuses even an explicit destroy until protection is lifted.
  return { retainOnDelete: true, protect: context.policy.protectDataStores };
}
