"use client";
/** Links a dataset the outputs do not match (a Postgres table, a topic) to this product by hand. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiSend } from "../api-client";
import { ErrorState } from "../States";

export function ManualLinkForm({ product }: { product: string }) {
  const client = useQueryClient();
  const [namespace, setNamespace] = useState("");
  const [name, setName] = useState("");
  const link = useMutation({
    mutationFn: () => apiSend("PUT", "/api/v1/lineage/links", { namespace, name, product }),
    onSuccess: async () => {
      setNamespace("");
      setName("");
      await client.invalidateQueries({ queryKey: ["lineage"] });
    },
  });
  return (
    <details>
      <summary className="small">Link a dataset to this product by hand</summary>
      <form
        className="lineage-toolbar"
        onSubmit={(event) => {
          event.preventDefault();
          link.mutate();
        }}
      >
        <label>
          Namespace{" "}
          <input
            value={namespace}
            onChange={(e) => {
              setNamespace(e.target.value);
            }}
            required
            placeholder="postgres://db:5432"
          />
        </label>
        <label>
          Name{" "}
          <input
            value={name}
            onChange={(e) => {
              setName(e.target.value);
            }}
            required
            placeholder="shop.public.orders"
          />
        </label>
        <button className="button secondary" type="submit" disabled={link.isPending}>
          Link
        </button>
        {link.isSuccess && <span role="status">Linked.</span>}
      </form>
      {link.isError && (
        <ErrorState title="The dataset was not linked" detail={link.error.message} />
      )}
    </details>
  );
}
