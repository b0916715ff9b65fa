"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Home" },
  { href: "/requests", label: "Requests" },
  { href: "/requests/new", label: "New request" },
  { href: "/catalog", label: "Catalog" },
  { href: "/lineage", label: "Lineage" },
  { href: "/domains", label: "Domains" },
  { href: "/api-reference", label: "API" },
];

/** The longest link that is the path or a folder of it: /requests/new is not under Requests. */
function currentHref(pathname: string, hrefs: readonly string[]): string | undefined {
  return hrefs
    .filter((href) =>
      href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`),
    )
    .sort((a, b) => b.length - a.length)[0];
}

/** The links everyone has, and those of the pages the user may open (the layout asks authz). */
export function NavLinks({
  mayReview,
  mayReadAuditLog,
}: {
  mayReview: boolean;
  mayReadAuditLog: boolean;
}) {
  const pathname = usePathname();
  const links = [
    ...LINKS,
    ...(mayReview ? [{ href: "/review", label: "Review queue" }] : []),
    ...(mayReadAuditLog ? [{ href: "/audit", label: "Audit log" }] : []),
  ];
  const current = currentHref(
    pathname,
    links.map((link) => link.href),
  );
  return (
    <>
      {links.map((link) => (
        <Link
          key={link.href}
          href={link.href}
          aria-current={link.href === current ? "page" : undefined}
        >
          {link.label}
        </Link>
      ))}
    </>
  );
}
