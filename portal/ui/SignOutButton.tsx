"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      className="icon-button"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void fetch("/api/auth/sign-out", { method: "POST", credentials: "same-origin" }).finally(
          () => {
            router.push("/sign-in");
            router.refresh();
          },
        );
      }}
    >
      Sign out
    </button>
  );
}
