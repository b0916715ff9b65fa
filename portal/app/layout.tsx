import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { canReadAuditLog, canReviewRequests } from "../server/authz";
import { db } from "../server/db";
import { unreadCount } from "../server/notifications";
import { currentUser } from "../server/page-session";
import { NotificationBell } from "../ui/notifications/NotificationBell";
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
  const unread = user ? await unreadCount(db(), user.userId) : 0;
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <Providers>
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
                  <NotificationBell initialUnread={unread} />
                  <span className="user">{user.name}</span>
                  <SignOutButton />
                </>
              )}
            </nav>
          </header>
          <main id="main">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
