/** The product's Iceberg table as its consumers read it: columns and how files are partitioned. */
import type { ProductDetail } from "../../shared/api-schemas";
import { Section } from "../Section";
import { Badge } from "../StatusBadge";
import { Table } from "../Table";

export function ProductSchema({ table }: { table: ProductDetail["spec"]["table"] }) {
  return (
    <Section id="schema" title="Schema">
      <Table label="Schema" columns={["Column", "Type", "Required", "PII", "Description"]}>
        {table.columns.map((column) => (
          <tr key={column.name}>
            <td>
              <code>{column.name}</code>
            </td>
            <td>
              <code>{column.type}</code>
            </td>
            <td>{column.required ? "yes" : "no"}</td>
            <td>{column.pii ? <Badge tone="warn">PII</Badge> : ""}</td>
            <td>{column.doc ?? ""}</td>
          </tr>
        ))}
      </Table>
      {table.partitionSpec.length > 0 && (
        <p className="small">
          Partitioned by{" "}
          {table.partitionSpec.map((field) => `${field.transform}(${field.column})`).join(", ")}
        </p>
      )}
    </Section>
  );
}
