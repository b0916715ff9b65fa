"use client";
/** Marking notifications read from the inbox: one, or all of them; the bell's count follows. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiSend } from "../api-client";

function useMarkRead(path: string) {
  const router = useRouter();
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiSend("POST", path),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ["notifications"] });
      router.refresh();
    },
  });
}

export function MarkReadButton({ id }: { id: string }) {
  const mutation = useMarkRead(`/api/v1/me/notifications/${encodeURIComponent(id)}/read`);
  return (
    <button
      type="button"
      className="small"
      disabled={mutation.isPending}
      onClick={() => {
        mutation.mutate();
      }}
    >
      Mark read
    </button>
  );
}

export function MarkAllReadButton({ disabled }: { disabled: boolean }) {
  const mutation = useMarkRead("/api/v1/me/notifications/read-all");
  return (
    <button
      type="button"
      disabled={disabled || mutation.isPending}
      onClick={() => {
        mutation.mutate();
      }}
    >
      Mark all read
    </button>
  );
}
