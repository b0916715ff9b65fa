"use client";
/** The /lineage page: start from a product, a dataset or a job, choose direction and depth. */
import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { EmptyState, ErrorState, LoadingState } from "../States";
import { LineageGraphLazy } from "./LineageGraphLazy";
import { lineageQueries, type GraphStart } from "./queries";

function startFrom(form: FormData): GraphStart {
  const node = form.get("node");
  const text = (key: string) => {
    const value = form.get(key);
    return typeof value === "string" ? value.trim() : "";
  };
  const direction = text("direction");
  const base = {
    depth: Number(text("depth")) || 3,
    direction: direction === "upstream" || direction === "downstream" ? direction : "both",
  } as const;
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

function Graph({ start }: { start: GraphStart }) {
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
      />
    </>
  );
}

export function LineageExplorer({
  products,
  initial,
}: {
  products: string[];
  initial?: string | undefined;
}) {
  const ids = useId();
  const [kind, setKind] = useState<"product" | "dataset" | "job">("product");
  const first = initial ?? products[0];
  const [start, setStart] = useState<GraphStart | undefined>(() => {
    if (first === undefined) return undefined;
    const [domain = "", name = ""] = first.split("/");
    return { node: "product", domain, name, depth: 3, direction: "both" };
  });
  return (
    <>
      <form
        className="card lineage-toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          setStart(startFrom(new FormData(event.currentTarget)));
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
          <span>
            <label htmlFor={`${ids}-product`}>Product</label>{" "}
            <select id={`${ids}-product`} name="product" defaultValue={first}>
              {products.map((ref) => (
                <option key={ref}>{ref}</option>
              ))}
            </select>
          </span>
        ) : (
          <>
            <label>
              Namespace <input name="namespace" required placeholder="s3://bucket" />
            </label>
            <label>
              Name{" "}
              <input
                name="name"
                required
                placeholder={kind === "job" ? "dag.task" : "path/to/table"}
              />
            </label>
          </>
        )}
        <span>
          <label htmlFor={`${ids}-direction`}>Direction</label>{" "}
          <select id={`${ids}-direction`} name="direction" defaultValue="both">
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
            max={10}
            defaultValue={3}
            style={{ width: "4rem" }}
          />
        </label>
        <button className="button primary" type="submit">
          Show
        </button>
      </form>
      {start === undefined ? <EmptyState title="No products yet." /> : <Graph start={start} />}
    </>
  );
}
