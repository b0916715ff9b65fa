/** Requests as a table: product (linking to the request), kind, status, requester, last change. */
import Link from "next/link";
import type { RequestSummary } from "../shared/api-schemas";
import { Timestamp } from "./RelativeTime";
import { StatusBadge } from "./StatusBadge";
import { Table } from "./Table";

const COLUMNS = ["Product", "Kind", "Status", "Requested by", "Updated"];

export function RequestTable({
  requests,
  label,
}: {
  requests: readonly RequestSummary[];
  label: string;
}) {
  return (
    <Table label={label} columns={COLUMNS}>
      {requests.map((request) => (
        <tr key={request.id}>
          <td>
            <Link href={`/requests/${request.id}`}>
              {request.domain}/{request.name}
            </Link>
            {request.displayName !== null && (
              <div className="muted small">{request.displayName}</div>
            )}
          </td>
          <td>{request.kind}</td>
          <td>
            <StatusBadge status={request.status} />
          </td>
          <td>{request.requestedBy.name}</td>
          <td className="small">
            <Timestamp at={request.updatedAt} />
          </td>
        </tr>
      ))}
    </Table>
  );
}
