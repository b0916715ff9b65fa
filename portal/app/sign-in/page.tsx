import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signInOptions } from "../../server/auth";
import { currentUser } from "../../server/page-session";
import { SignInForm } from "../../ui/SignInForm";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await currentUser()) redirect("/");
  const options = signInOptions();
  return (
    <div className="sign-in card">
      <h1>Sign in to Meshplane</h1>
      <SignInForm local={options.local} providers={options.providers} />
    </div>
  );
}
