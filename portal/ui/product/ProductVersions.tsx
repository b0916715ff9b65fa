/**
 * A product's versions, newest first, with a form that compares any two (`?compare=a..b`): the
 * changes field by field and both specs side by side. The contract of any version exports as ODCS.
 */
import Link from "next/link";
import type {
  ProductVersionDetail,
  ProductVersionList,
  VersionComparison,
} from "../../shared/api-schemas";
import { draftToYaml } from "../../shared/spec-text";
import { ChangeList } from "../request/ChangeList";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";
import { Badge } from "../StatusBadge";
import { Table } from "../Table";

export interface VersionsView {
  list: ProductVersionList;
  compared?: {
    comparison: VersionComparison;
    from: ProductVersionDetail;
    to: ProductVersionDetail;
  };
  /** Why the comparison asked for could not be made. */
  problem?: string;
}

export function ProductVersions({
  domain,
  name,
  view,
}: {
  domain: string;
  name: string;
  view: VersionsView;
}) {
  const { list, compared, problem } = view;
  const base = `/api/v1/products/${domain}/${name}/contract?format=odcs`;
  const [newest, previous] = list.items;
  return (
    <Section id="versions" title="Versions">
      <p>
        <a className="button" href={base} download>
          Export ODCS
        </a>{" "}
        <span className="muted small">
          the newest version as an Open Data Contract Standard v3 document (YAML;{" "}
          <a href={`${base}&type=json`}>JSON</a>)
        </span>
      </p>
      {list.items.length === 0 ? (
        <p className="muted">No version has been deployed yet.</p>
      ) : (
        <Table label="Versions" columns={["Version", "Deployed", "Request", "ODCS"]}>
          {list.items.map((item) => (
            <tr key={item.version}>
              <td>
                <code>{item.version}</code> {item.live && <Badge tone="ok">live</Badge>}
              </td>
              <td>
                <Timestamp at={item.deployedAt} />
              </td>
              <td>
                {item.requestId === null ? (
                  "—"
                ) : (
                  <Link href={`/requests/${item.requestId}`}>request</Link>
                )}
              </td>
              <td>
                <a href={`${base}&version=${item.version}`} download>
                  {item.version}.yaml
                </a>
              </td>
            </tr>
          ))}
        </Table>
      )}
      {list.items.length > 1 && (
        <form method="get" className="row" aria-label="Compare versions">
          <label>
            From{" "}
            <select name="from" defaultValue={compared?.from.version ?? previous?.version}>
              {list.items.map((item) => (
                <option key={item.version}>{item.version}</option>
              ))}
            </select>
          </label>
          <label>
            to{" "}
            <select name="to" defaultValue={compared?.to.version ?? newest?.version}>
              {list.items.map((item) => (
                <option key={item.version}>{item.version}</option>
              ))}
            </select>
          </label>
          <button type="submit">Compare</button>
        </form>
      )}
      {problem !== undefined && (
        <div className="alert" data-tone="danger" role="alert">
          {problem}
        </div>
      )}
      {compared !== undefined && (
        <>
          <ChangeList
            label={`Changes from ${compared.from.version} to ${compared.to.version}`}
            comparison={compared.comparison}
          />
          <div style={{ display: "grid", gridTemplateColumns: "1fr 1fr", gap: "1rem" }}>
            {[compared.from, compared.to].map((version) => (
              <div key={version.version}>
                <h3>{version.version}</h3>
                <pre aria-label={`Spec of version ${version.version}`}>
                  {draftToYaml(version.spec)}
                </pre>
              </div>
            ))}
          </div>
        </>
      )}
    </Section>
  );
}
