"use client";
/**
 * Signs out: Better Auth's sign-out endpoint takes JSON only (anything else is 415 and the
 * session stays), so the POST carries an empty JSON body. Only once the session is gone does the
 * page go to sign-in; a failure says so and leaves the button to try again.
 */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiSend } from "./api-client";

export function SignOutButton() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <>
      {failed && (
        <span role="alert" className="small">
          Sign-out failed: try again.
        </span>
      )}
      <button
        type="button"
        className="icon-button"
        disabled={pending}
        onClick={() => {
          setPending(true);
          setFailed(false);
          apiSend("POST", "/api/auth/sign-out", {}).then(
            () => {
              router.push("/sign-in");
              router.refresh();
            },
            () => {
              setPending(false);
              setFailed(true);
            },
          );
        }}
      >
        Sign out
      </button>
    </>
  );
}
