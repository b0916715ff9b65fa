import { DatasetLinkBody, DatasetRefQuery } from "../../../../../shared/lineage/api-schemas";
import { noContent, ok, withApi } from "../../../../../server/api";
import { isMember } from "../../../../../server/authz";
import { ForbiddenError } from "../../../../../server/problems";
import { removeLink, setManualLink } from "../../../../../server/lineage/linking";
import { caughtUp } from "../../../../../server/lineage/projector";
import { productOrThrow } from "../../../../../server/lineage/service";

/** A manual dataset → product link, for datasets the outputs do not match. Members of the product's domain. */
/** Datasets reported a moment ago are linkable: the projector catches up before the transaction. */
export const PUT = withApi(
  { auth: "user", body: DatasetLinkBody, before: caughtUp },
  async ({ db, body, principal, audit }) => {
    const [domain = "", name = ""] = body.product.split("/");
    if (!principal.platformAdmin && !isMember(principal, domain))
      throw new ForbiddenError(`only members of ${domain} link datasets to its products`);
    const product = await productOrThrow(db, domain, name);
    const { datasetId, before } = await setManualLink(db, body, product, principal.userId);
    await audit({
      action: "dataset-link.set",
      entityType: "dataset-link",
      entityId: `${body.namespace}:${body.name}`,
      before: before === null ? undefined : { productId: before.productId, source: before.source },
      after: { datasetId, product: body.product, source: "manual" },
    });
    return ok({
      namespace: body.namespace,
      name: body.name,
      product: body.product,
      source: "manual",
    });
  },
);

export const DELETE = withApi(
  { auth: "user", query: DatasetRefQuery, before: caughtUp },
  async ({ db, query, principal, audit }) => {
    const link = await db.lineageNode.findUnique({
      where: {
        kind_namespace_name: { kind: "dataset", namespace: query.namespace, name: query.name },
      },
      select: { id: true },
    });
    const current =
      link === null
        ? null
        : await db.datasetProductLink.findUnique({
            where: { datasetId: link.id },
            include: { product: true },
          });
    const domain = current?.product.domain;
    if (domain !== undefined && !principal.platformAdmin && !isMember(principal, domain))
      throw new ForbiddenError(`only members of ${domain} unlink its datasets`);
    const before = await removeLink(db, query);
    await audit({
      action: "dataset-link.removed",
      entityType: "dataset-link",
      entityId: `${query.namespace}:${query.name}`,
      before: { productId: before.productId, source: before.source },
    });
    return noContent();
  },
);
