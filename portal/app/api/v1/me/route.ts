import { ok, withApi } from "#portal/server/api";

export const GET = withApi({ auth: "user" }, ({ principal }) =>
  Promise.resolve(
    ok({
      user: { id: principal.userId, name: principal.name, email: principal.email },
      platformAdmin: principal.platformAdmin,
      domains: [...principal.domainRoles].map(([slug, role]) => ({ slug, role })),
    }),
  ),
);
