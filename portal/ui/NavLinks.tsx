"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/", label: "Home" },
  { href: "/requests/new", label: "New request" },
  { href: "/catalog", label: "Catalog" },
  { href: "/lineage", label: "Lineage" },
  { href: "/domains", label: "Domains" },
];

export function NavLinks({ platformAdmin }: { platformAdmin: boolean }) {
  const pathname = usePathname();
  const links = platformAdmin
    ? [...LINKS, { href: "/review", label: "Review queue" }, { href: "/audit", label: "Audit log" }]
    : LINKS;
  return (
    <>
      {links.map((link) => {
        const current = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
        return (
          <Link key={link.href} href={link.href} aria-current={current ? "page" : undefined}>
            {link.label}
          </Link>
        );
      })}
    </>
  );
}
