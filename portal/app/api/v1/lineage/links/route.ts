import { DatasetLinkBody, DatasetRefQuery } from "#portal/shared/lineage/api-schemas";
import { noContent, ok, withApi } from "#portal/server/api";
import { canLinkDataset, canUnlinkDataset } from "#portal/server/authz";
import { removeLink, setManualLink } from "#portal/server/lineage/linking";
import { caughtUp } from "#portal/server/lineage/projector";
import { linkTarget, linkedDataset } from "#portal/server/lineage/service";

/**
 * A manual dataset → product link, for datasets the outputs do not match: by members of the
 * product's domain, replacing only a link of their own domain (authz.ts `canLinkDataset`).
 * Datasets reported a moment ago are linkable: the projector catches up before the transaction.
 */
export const PUT = withApi(
  {
    auth: "user",
    body: DatasetLinkBody,
    before: caughtUp,
    load: ({ db, principal, body }) => linkTarget(db, principal, body),
    authorize: (user, { resource }) => canLinkDataset(user, resource.product, resource.dataset),
    forbidden:
      "only members of the product's domain link datasets to it, and only datasets that are " +
      "not another domain's",
  },
  async ({ db, body, principal, resource, audit }) => {
    await setManualLink(db, resource.dataset, resource.product, principal.userId, audit);
    return ok({ ...body, source: "manual" });
  },
);

/** Unlinks a dataset: its linked domain's members, or those of the product its name matches. */
export const DELETE = withApi(
  {
    auth: "user",
    query: DatasetRefQuery,
    before: caughtUp,
    load: ({ db, query }) => linkedDataset(db, query),
    authorize: (user, { resource }) => canUnlinkDataset(user, resource),
    forbidden: "only the domain the dataset is linked to, or whose product it matches, unlinks it",
  },
  async ({ db, resource, audit }) => {
    await removeLink(db, resource, audit);
    return noContent();
  },
);
