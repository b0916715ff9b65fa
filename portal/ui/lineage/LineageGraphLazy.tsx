"use client";
/** The graph's libraries (React Flow, elkjs) load only on pages that draw a graph. */
import dynamic from "next/dynamic";
import { LoadingState } from "../States";

export const LineageGraphLazy = dynamic(() => import("./LineageGraph"), {
  ssr: false,
  loading: () => <LoadingState label="Loading the lineage graph…" />,
});
