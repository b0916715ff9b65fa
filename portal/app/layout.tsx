import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { canReadAuditLog, canReviewRequests } from "../server/authz";
import { currentUser } from "../server/page-session";
import { NavLinks } from "../ui/NavLinks";
import { Providers } from "../ui/Providers";
import { SignOutButton } from "../ui/SignOutButton";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Meshplane", template: "%s · Meshplane" },
  description: "Self-serve data products: request, review, catalog.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <nav aria-label="Main">
            <span className="brand">Meshplane</span>
            {user && (
              <NavLinks
                mayReview={canReviewRequests(user)}
                mayReadAuditLog={canReadAuditLog(user)}
              />
            )}
            <span className="nav-spacer" />
            {user && (
              <>
                <span className="user">{user.name}</span>
                <SignOutButton />
              </>
            )}
          </nav>
        </header>
        <Providers>
          <main id="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
