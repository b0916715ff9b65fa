/** The JSON Schema published for editors and tools, generated from the zod contract. */
import { z } from "zod";
import { DataProductSpec } from "./spec";

export const JSON_SCHEMA_ID = "https://meshplane.dev/schemas/data-product.v1alpha1.json";

export function dataProductJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(DataProductSpec, { io: "input", target: "draft-2020-12" });
  return { ...schema, $id: JSON_SCHEMA_ID, title: "Meshplane DataProduct" };
}
