import "server-only";
/** Session lookups for pages (server components): redirect to sign-in instead of a 401. */
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import type { UserPrincipal } from "./authz";
import { userFromHeaders } from "./session";

/** Once per render, however many components ask. */
export const currentUser = cache(async (): Promise<UserPrincipal | undefined> =>
  userFromHeaders(await headers()),
);

export async function requireUser(): Promise<UserPrincipal> {
  const user = await currentUser();
  if (user === undefined) redirect("/sign-in");
  return user;
}
