"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiSend } from "./api-client";
import { Field } from "./Field";

export function CommentForm({ requestId }: { requestId: string }) {
  const router = useRouter();
  const [body, setBody] = useState("");
  const mutation = useMutation({
    mutationFn: () => apiSend("POST", `/api/v1/requests/${requestId}/comments`, { body }),
    onSuccess: () => {
      setBody("");
      router.refresh();
    },
  });
  return (
    <form
      aria-label="Add a comment"
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate();
      }}
    >
      <Field id="comment-body" label="Comment">
        <textarea
          id="comment-body"
          value={body}
          onChange={(event) => {
            setBody(event.target.value);
          }}
        />
      </Field>
      {mutation.error && (
        <p className="field-error" role="alert">
          {mutation.error.message}
        </p>
      )}
      <button type="submit" disabled={mutation.isPending || body.trim() === ""}>
        Add comment
      </button>
    </form>
  );
}
