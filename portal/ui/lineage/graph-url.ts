/**
 * The lineage page's state as query parameters, so a reload or a shared link shows the same view:
 * where the walk starts (`product=domain/name`, or `node=dataset|job` with `namespace` and
 * `name`), `depth`, `direction`, `view`, the filters (`domain_filter`, and `namespace_filter` once
 * per namespace) and the selected node (`focus`, a node id). Each parameter is checked on its own
 * with zod: a bad value falls back to its default and says so in `notes`, never a crash.
 * Browser-safe and pure.
 */
import { z } from "zod/mini";
import {
  DOMAIN_MAX_LENGTH,
  DOMAIN_MIN_LENGTH,
  PRODUCT_REF,
  PRODUCT_REF_RULE,
  SLUG,
  SLUG_RULE,
} from "#contract/slug";
import {
  LINEAGE_DIRECTIONS,
  LINEAGE_VIEWS,
  MAX_DEPTH,
  type LineageDirection,
  type LineageView,
} from "../../shared/lineage/vocabulary";
import type { GraphStart } from "./queries";

export const DEFAULT_DEPTH = 3;

export interface GraphFilters {
  /** Only this domain's nodes (and the jobs between them). */
  domain: string | undefined;
  /** Only datasets of these namespaces (and the jobs between them); empty: all. */
  namespaces: string[];
}

export interface GraphUrlState {
  start: GraphStart | undefined;
  filters: GraphFilters;
  focus: number | undefined;
  /** What was wrong with the parameters, one sentence each, for the page to show. */
  notes: string[];
}

type Params = Pick<URLSearchParams, "get" | "getAll">;

// zod/mini: the same checks as the API's schemas at a fraction of the page weight, and the
// spelling rules of the contract's (contract/slug.ts) without loading the contract.
const Text = z.string().check(z.trim(), z.minLength(1), z.maxLength(1000));
const Depth = z.coerce.number().check(z.int(), z.gte(1), z.lte(MAX_DEPTH));
const Direction = z.enum(LINEAGE_DIRECTIONS);
const View = z.enum(LINEAGE_VIEWS);
const Node = z.enum(["dataset", "job"]);
const NodeId = z.coerce.number().check(z.int(), z.gte(-2_147_483_648), z.lte(2_147_483_647));
const Namespaces = z.array(Text).check(z.maxLength(50));
const ProductRef = z.string().check(z.regex(PRODUCT_REF, PRODUCT_REF_RULE));
const DomainSlug = z
  .string()
  .check(z.minLength(DOMAIN_MIN_LENGTH), z.maxLength(DOMAIN_MAX_LENGTH), z.regex(SLUG, SLUG_RULE));

/** `value` parsed by `schema`, else `fallback` with a note naming the parameter. */
function field<T>(
  params: Params,
  key: string,
  schema: z.ZodMiniType<T>,
  fallback: T,
  notes: string[],
  explain: string,
): T {
  const raw = params.get(key);
  if (raw === null || raw === "") return fallback;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  notes.push(`"${key}=${raw.slice(0, 60)}" ignored: ${explain}.`);
  return fallback;
}

function startOf(
  params: Params,
  notes: string[],
  fallbackProduct: string | undefined,
): GraphStart | undefined {
  const depth = field(params, "depth", Depth, DEFAULT_DEPTH, notes, `depth is 1 to ${MAX_DEPTH}`);
  const direction = field<LineageDirection>(
    params,
    "direction",
    Direction,
    "both",
    notes,
    "direction is upstream, downstream or both",
  );
  const view = field<LineageView>(params, "view", View, "full", notes, "view is full or datasets");
  const base = { depth, direction, view };
  const node = field<"dataset" | "job" | undefined>(
    params,
    "node",
    z.optional(Node),
    undefined,
    notes,
    "node is dataset or job (a product is product=domain/name)",
  );
  if (node !== undefined) {
    const namespace = field(params, "namespace", z.optional(Text), undefined, notes, "too long");
    const name = field(params, "name", z.optional(Text), undefined, notes, "too long");
    if (namespace !== undefined && name !== undefined) return { ...base, node, namespace, name };
    notes.push(`a ${node} start needs both namespace and name: showing the default start.`);
  }
  const product = field(
    params,
    "product",
    z.optional(ProductRef),
    undefined,
    notes,
    "a product is domain/name",
  );
  const ref = product ?? fallbackProduct;
  if (ref === undefined) return undefined;
  const [domain = "", name = ""] = ref.split("/");
  return { ...base, node: "product", domain, name };
}

function namespacesOf(params: Params, notes: string[]): string[] {
  const raw = params.getAll("namespace_filter");
  const parsed = Namespaces.safeParse(raw);
  if (parsed.success) return [...new Set(parsed.data)];
  notes.push(`"namespace_filter" ignored: at most 50 namespaces, none empty.`);
  return [];
}

export function parseGraphUrl(params: Params, fallbackProduct?: string): GraphUrlState {
  const notes: string[] = [];
  const start = startOf(params, notes, fallbackProduct);
  const domain = field(
    params,
    "domain_filter",
    z.optional(DomainSlug),
    undefined,
    notes,
    "not a domain",
  );
  const namespaces = namespacesOf(params, notes);
  const focus = field(params, "focus", z.optional(NodeId), undefined, notes, "not a node id");
  return { start, filters: { domain, namespaces }, focus, notes };
}

/** The query string of a state (without `?`); defaults are left out so links stay short. */
export function graphSearch(state: Omit<GraphUrlState, "notes">): string {
  const search = new URLSearchParams();
  const { start, filters, focus } = state;
  if (start !== undefined) {
    if (start.node === "product") search.set("product", `${start.domain ?? ""}/${start.name}`);
    else {
      search.set("node", start.node);
      search.set("namespace", start.namespace ?? "");
      search.set("name", start.name);
    }
    if (start.depth !== DEFAULT_DEPTH) search.set("depth", String(start.depth));
    if (start.direction !== "both") search.set("direction", start.direction);
    if (start.view !== "full") search.set("view", start.view);
  }
  if (filters.domain !== undefined) search.set("domain_filter", filters.domain);
  for (const namespace of filters.namespaces) search.append("namespace_filter", namespace);
  if (focus !== undefined) search.set("focus", String(focus));
  return search.toString();
}

/**
 * How a change reaches the browser's history: a new start (what the graph shows) is a new entry,
 * so Back returns to the previous graph; filters and the selection replace the current entry, so
 * Back does not step through every click.
 */
export function historyMode(
  before: Omit<GraphUrlState, "notes">,
  after: Omit<GraphUrlState, "notes">,
): "push" | "replace" {
  return JSON.stringify(before.start) === JSON.stringify(after.start) ? "replace" : "push";
}
