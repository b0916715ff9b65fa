/**
 * The catalog's results: the product, where the search matched it, its SLA health and freshness,
 * how many consume it, and its tier, target and owner.
 */
import Link from "next/link";
import type { CatalogItem, CatalogMatch } from "../../shared/api-schemas";
import { SlaStatusPill } from "../lineage/SlaStatusPill";
import { Badge, DeprecatedBadge } from "../StatusBadge";
import { Table } from "../Table";

const COLUMNS = ["Product", "Health", "Freshness", "Consumers", "Tier", "Target", "Owner"];

const FIELD_LABELS: Readonly<Record<CatalogMatch["field"], string>> = {
  name: "name",
  domain: "domain",
  column: "column",
  tag: "tag",
  owner: "owner",
  tier: "tier",
  classification: "classification",
  cloud: "cloud",
  description: "description",
};

function MatchedOn({ matches }: { matches: readonly CatalogMatch[] }) {
  if (matches.length === 0) return null;
  return (
    <ul className="muted small matched-on" aria-label="Matched on">
      {matches.map((match) => (
        <li key={`${match.field}:${match.value}`} data-field={match.field}>
          matched on {FIELD_LABELS[match.field]}{" "}
          {match.field === "description" ? <q>{match.value}</q> : <code>{match.value}</code>}
        </li>
      ))}
    </ul>
  );
}

function consumersText({ products, domains }: CatalogItem["consumers"]): string {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
  return `${plural(products, "product")} · ${plural(domains, "other domain")}`;
}

export function CatalogTable({ items }: { items: readonly CatalogItem[] }) {
  return (
    <Table label="Catalog results" columns={COLUMNS}>
      {items.map((item) => (
        <tr key={`${item.domain}/${item.name}`}>
          <td>
            <Link href={`/products/${item.domain}/${item.name}`}>{item.displayName}</Link>
            <div className="muted small">
              {item.domain}/{item.name} · {item.classification}
            </div>
            {item.deprecated && <DeprecatedBadge sunsetAt={item.sunsetAt} />}
            <MatchedOn matches={item.matchedOn} />
          </td>
          <td>
            <SlaStatusPill status={item.health} />
          </td>
          <td>
            <SlaStatusPill status={item.freshness} />
          </td>
          <td>{consumersText(item.consumers)}</td>
          <td>
            <Badge>{item.tier}</Badge>
          </td>
          <td>
            {item.cloud} · {item.region}
          </td>
          <td>{item.ownerTeam}</td>
        </tr>
      ))}
    </Table>
  );
}
