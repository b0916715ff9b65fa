"use client";
/** A domain member asks the platform team to retire a live product (its data is retained). */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { RequestDetail } from "../shared/api-schemas";
import { apiSend } from "./api-client";
import { Field } from "./Field";

export function DecommissionForm({ product }: { product: string }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  // A date picker's day, sent as that day's start in UTC; empty: no sunset.
  const [sunset, setSunset] = useState("");
  const mutation = useMutation({
    mutationFn: () =>
      apiSend<RequestDetail>("POST", "/api/v1/requests", {
        kind: "decommission",
        product,
        reason,
        ...(sunset === "" ? {} : { sunsetAt: `${sunset}T00:00:00Z` }),
      }),
    onSuccess: (request) => {
      router.push(`/requests/${request.id}`);
    },
  });
  return (
    <details className="card">
      <summary>Request decommissioning</summary>
      <form
        aria-label="Request decommissioning"
        onSubmit={(event) => {
          event.preventDefault();
          mutation.mutate();
        }}
      >
        <Field
          id="decommission-reason"
          label={<>Why retire {product}?</>}
          hint="Creates a draft request; submit it for review. The product's data is retained."
        >
          <textarea
            id="decommission-reason"
            value={reason}
            onChange={(event) => {
              setReason(event.target.value);
            }}
          />
        </Field>
        <Field
          id="decommission-sunset"
          label="Sunset (optional)"
          hint="Until this day (00:00 UTC) the product stays readable and is shown deprecated; its consumers are told. Empty: retired when the platform team deploys the decommission."
        >
          <input
            id="decommission-sunset"
            type="date"
            value={sunset}
            onChange={(event) => {
              setSunset(event.target.value);
            }}
          />
        </Field>
        {mutation.error && (
          <p className="field-error" role="alert">
            {mutation.error.message}
          </p>
        )}
        <button type="submit" disabled={mutation.isPending || reason.trim().length < 3}>
          Create decommission request
        </button>
      </form>
    </details>
  );
}
