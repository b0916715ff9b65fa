"use client";
/**
 * The /lineage page: start from a product, a dataset or a job, choose direction, depth and view.
 * The URL is the page's state (graph-url.ts): the start, the filters and the selected node are
 * query parameters, so a reload or a shared link shows the same graph. A new start is a new
 * history entry (Back returns to the previous graph); filter and selection changes replace the
 * current one. Parameters that do not parse fall back to their defaults, with a note saying so.
 */
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useId, useMemo, useState } from "react";
import { MAX_DEPTH } from "../../shared/lineage/vocabulary";
import { EmptyState, ErrorState, LoadingState } from "../States";
import type { GraphViewState } from "./LineageGraph";
import { LineageGraphLazy } from "./LineageGraphLazy";
import {
  DEFAULT_DEPTH,
  graphSearch,
  historyMode,
  parseGraphUrl,
  type GraphUrlState,
} from "./graph-url";
import { ProductPicker } from "./ProductPicker";
import { lineageQueries, type GraphStart } from "./queries";

function startFrom(form: FormData): GraphStart {
  const text = (key: string) => {
    const value = form.get(key);
    return typeof value === "string" ? value.trim() : "";
  };
  const direction = text("direction");
  const depth = Number(text("depth"));
  const base = {
    depth: Number.isInteger(depth) && depth >= 1 && depth <= MAX_DEPTH ? depth : DEFAULT_DEPTH,
    direction: direction === "upstream" || direction === "downstream" ? direction : "both",
    view: text("view") === "datasets" ? "datasets" : "full",
  } as const;
  const node = text("node");
  if (node === "product") {
    const [domain = "", name = ""] = text("product").split("/");
    return { ...base, node: "product", domain, name };
  }
  return {
    ...base,
    node: node === "job" ? "job" : "dataset",
    namespace: text("namespace"),
    name: text("name"),
  };
}

type Kind = GraphStart["node"];

function StartForm({
  defaultProduct,
  start,
  onStart,
}: {
  defaultProduct: string | undefined;
  start: GraphStart | undefined;
  onStart: (start: GraphStart) => void;
}) {
  const ids = useId();
  const [kind, setKind] = useState<Kind>(start?.node ?? "product");
  const product =
    start?.node === "product" ? `${start.domain ?? ""}/${start.name}` : (defaultProduct ?? "");
  return (
    <form
      className="card lineage-toolbar"
      onSubmit={(event) => {
        event.preventDefault();
        onStart(startFrom(new FormData(event.currentTarget)));
      }}
      aria-label="Where to start"
    >
      <span>
        <label htmlFor={`${ids}-node`}>Start from</label>{" "}
        <select
          id={`${ids}-node`}
          name="node"
          value={kind}
          onChange={(e) => {
            setKind(
              e.target.value === "job"
                ? "job"
                : e.target.value === "dataset"
                  ? "dataset"
                  : "product",
            );
          }}
        >
          <option value="product">Product</option>
          <option value="dataset">Dataset</option>
          <option value="job">Job</option>
        </select>
      </span>
      {kind === "product" ? (
        <ProductPicker id={`${ids}-product`} initial={product} />
      ) : (
        <>
          <label>
            Namespace{" "}
            <input
              name="namespace"
              required
              placeholder="s3://bucket"
              defaultValue={start?.node === kind ? start.namespace : undefined}
            />
          </label>
          <label>
            Name{" "}
            <input
              name="name"
              required
              placeholder={kind === "job" ? "dag.task" : "path/to/table"}
              defaultValue={start?.node === kind ? start.name : undefined}
            />
          </label>
        </>
      )}
      <span>
        <label htmlFor={`${ids}-direction`}>Direction</label>{" "}
        <select id={`${ids}-direction`} name="direction" defaultValue={start?.direction ?? "both"}>
          <option value="both">Both</option>
          <option value="upstream">Upstream</option>
          <option value="downstream">Downstream</option>
        </select>
      </span>
      <label>
        Depth{" "}
        <input
          name="depth"
          type="number"
          min={1}
          max={MAX_DEPTH}
          defaultValue={start?.depth ?? DEFAULT_DEPTH}
          style={{ width: "4rem" }}
        />
      </label>
      <span>
        <label htmlFor={`${ids}-view`}>View</label>{" "}
        <select id={`${ids}-view`} name="view" defaultValue={start?.view ?? "full"}>
          <option value="full">Datasets and jobs</option>
          <option value="datasets">Datasets only</option>
        </select>
      </span>
      <button className="button primary" type="submit">
        Show
      </button>
    </form>
  );
}

function Graph({
  start,
  view,
  onView,
}: {
  start: GraphStart;
  view: GraphViewState;
  onView: (view: GraphViewState) => void;
}) {
  const query = useQuery(lineageQueries.graph(start));
  if (query.isPending) return <LoadingState label="Walking the graph…" />;
  if (query.isError)
    return <ErrorState title="No lineage for that start" detail={query.error.message} />;
  if (query.data.nodes.length === 0)
    return <EmptyState title="Nothing observed yet for this start." />;
  return (
    <>
      {query.data.truncated && (
        <p className="alert">Only the first 2000 nodes are shown: lower the depth.</p>
      )}
      <LineageGraphLazy
        key={JSON.stringify(start)}
        graph={query.data}
        start={query.data.nodes.filter((n) => n.depth === 0).map((n) => n.id)}
        label="Lineage graph"
        view={view}
        onView={onView}
      />
    </>
  );
}

/** `defaultProduct`: where the page starts when the link names no start (the first product). */
export function LineageExplorer({ defaultProduct }: { defaultProduct: string | undefined }) {
  const params = useSearchParams();
  const state = useMemo(() => parseGraphUrl(params, defaultProduct), [params, defaultProduct]);

  function navigate(next: Omit<GraphUrlState, "notes">) {
    const search = graphSearch(next);
    const url = `${window.location.pathname}${search === "" ? "" : `?${search}`}`;
    if (historyMode(state, next) === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }

  return (
    <>
      <StartForm
        key={JSON.stringify(state.start)}
        defaultProduct={defaultProduct}
        start={state.start}
        onStart={(start) => {
          navigate({ start, filters: { domain: undefined, namespaces: [] }, focus: undefined });
        }}
      />
      {state.notes.length > 0 && (
        <div className="alert" role="status" aria-label="Link parameters ignored">
          <p>Parts of this link could not be used; the defaults are shown instead:</p>
          <ul>
            {state.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </div>
      )}
      {state.start === undefined ? (
        <EmptyState title="No products yet." />
      ) : (
        <Graph
          start={state.start}
          view={{ filters: state.filters, focus: state.focus }}
          onView={(view) => {
            navigate({ start: state.start, ...view });
          }}
        />
      )}
    </>
  );
}
