/**
 * Local sign-in for seeded users in the embedded default: every user without a password gets the
 * documented development password. Runs from tools/start.ts, only when local sign-in is enabled
 * in development, never in production.
 */
import { randomUUID } from "node:crypto";
import { hashPassword } from "better-auth/crypto";

export const DEV_PASSWORD = "meshplane";

/** The part of the Prisma client this needs (keeps the module free of the generated types). */
interface CredentialStore {
  user: {
    findMany: (args: {
      where: { accounts: { none: { providerId: string } } };
      select: { id: true; email: true };
    }) => Promise<{ id: string; email: string }[]>;
  };
  account: {
    create: (args: {
      data: { id: string; accountId: string; providerId: string; userId: string; password: string };
    }) => Promise<unknown>;
  };
}

export async function ensureDevCredentials(store: CredentialStore): Promise<string[]> {
  const users = await store.user.findMany({
    where: { accounts: { none: { providerId: "credential" } } },
    select: { id: true, email: true },
  });
  const password = await hashPassword(DEV_PASSWORD);
  for (const user of users) {
    await store.account.create({
      data: {
        id: randomUUID(),
        accountId: user.id,
        providerId: "credential",
        userId: user.id,
        password,
      },
    });
  }
  return users.map((user) => user.email);
}
