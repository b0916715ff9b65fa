"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Field } from "./Field";

interface Provider {
  id: string;
  label: string;
  /** Generic OAuth/OIDC plugin (Entra ID, Okta) rather than a built-in social provider. */
  generic: boolean;
}

async function postJson(
  path: string,
  body: unknown,
): Promise<{ ok: boolean; status: number; data: Record<string, unknown> }> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: response.ok, status: response.status, data };
}

export function SignInForm({
  local,
  providers,
}: {
  local: boolean;
  providers: readonly Provider[];
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");

  async function signInLocally() {
    setPending(true);
    setError(null);
    const result = await postJson("/api/auth/sign-in/email", {
      email,
      password,
    });
    setPending(false);
    if (result.status === 429) {
      // Per address (Better Auth) or per account (the portal's back-off): both say when.
      const message = typeof result.data.message === "string" ? result.data.message : "";
      setError(
        message.startsWith("Too many") ? message : "Too many sign-in attempts: wait a moment.",
      );
      return;
    }
    if (!result.ok) {
      setError("That email and password do not match a local account.");
      return;
    }
    router.push("/");
    router.refresh();
  }

  async function signInWith(provider: Provider) {
    setError(null);
    const result = provider.generic
      ? await postJson("/api/auth/sign-in/oauth2", { providerId: provider.id, callbackURL: "/" })
      : await postJson("/api/auth/sign-in/social", { provider: provider.id, callbackURL: "/" });
    if (result.ok && typeof result.data.url === "string") window.location.assign(result.data.url);
    else setError(`Could not start sign-in with ${provider.label}.`);
  }

  return (
    <div className="stack">
      {error && (
        <div className="alert" data-tone="danger" role="alert">
          {error}
        </div>
      )}
      {providers.map((provider) => (
        <button
          key={provider.id}
          type="button"
          className="primary"
          onClick={() => void signInWith(provider)}
        >
          Sign in with {provider.label}
        </button>
      ))}
      {local && (
        <form
          aria-label="Local sign-in"
          onSubmit={(event) => {
            event.preventDefault();
            void signInLocally();
          }}
          className="stack"
        >
          <Field id="email" label="Email">
            <input
              id="email"
              name="email"
              type="email"
              autoComplete="username"
              required
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
            />
          </Field>
          <Field id="password" label="Password">
            <input
              id="password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
            />
          </Field>
          <button type="submit" className="primary" disabled={pending}>
            {pending ? "Signing in…" : "Sign in"}
          </button>
        </form>
      )}
      {!local && providers.length === 0 && (
        <p className="muted">
          No sign-in method is configured. Set the MESHPLANE_OIDC_* variables (see docs/portal.md).
        </p>
      )}
    </div>
  );
}
