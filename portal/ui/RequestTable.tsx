import Link from "next/link";
import type { RequestSummary } from "../shared/api-schemas";
import { Timestamp } from "./RelativeTime";
import { StatusBadge } from "./StatusBadge";

export function RequestTable({
  requests,
  label,
}: {
  requests: readonly RequestSummary[];
  label: string;
}) {
  return (
    <div className="table-wrap">
      <table aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Requested by</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
