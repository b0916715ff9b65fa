/**
 * What a request's transition tells whom, called once per transition by
 * `applyRequestTransition` (request-transition.ts) in its transaction:
 *
 * - submitted → the platform team (the reviewers);
 * - approved, rejected, deployed (live or decommissioned), failed → the requester and the
 *   request's domain;
 * - a decommission, or an update the compatibility check finds breaking, when it is submitted
 *   (proposed), approved and, for a decommission, carried out → the consumers (workflow/
 *   consumers.ts): their domains' members and webhooks and the consumer products' owners;
 * - a decommission with a sunset, when its destroy starts (the sunset task, or a deploy after the
 *   sunset) → the consumers, as `consumed.sunset-reached`.
 *
 * Each also goes to the webhooks of the domain it concerns. The actor is never told of their own
 * action. `requestNotices` and `consumerNotice` decide (pure); `notifyRequestTransition` reads
 * what they need and writes through `notify`.
 */
import { classifyChanges, DataProductSpec, type SpecChange } from "#contract";
import type { ConsumerEventStage, NotificationKind } from "#core/notifications";
import { isPublished } from "#core/published";
import type { RequestAction, RequestKind } from "#core/request-lifecycle";
import type { Db } from "#db/client";
import { actingUserId, type AuditActor } from "./audit";
import {
  accessGrantConsumers,
  EVERY_CONSUMER,
  productConsumers,
  type ConsumerVisibility,
  type ProductConsumers,
} from "./consumers";
import { notify, type NotifyEvent } from "./notify";

export interface RequestFacts {
  id: string;
  kind: RequestKind;
  domain: string;
  name: string;
  spec: unknown;
  reason: string | null;
  /** A decommission's sunset (core/sunset.ts). */
  sunsetAt: Date | null;
  requestedById: string;
}

const REQUESTER_EVENTS: Partial<Record<RequestAction, NotificationKind>> = {
  approve: "request.approved",
  reject: "request.rejected",
  succeed: "request.deployed",
  fail: "request.failed",
};

const CONSUMER_STAGES: Partial<Record<RequestAction, ConsumerEventStage>> = {
  submit: "proposed",
  approve: "approved",
  succeed: "deployed",
};

const WHAT: Readonly<Record<RequestKind, string>> = {
  create: "creation",
  update: "update",
  decommission: "decommission",
};

const DONE: Partial<Record<RequestAction, string>> = {
  approve: "was approved",
  reject: "was rejected",
  succeed: "was deployed",
  fail: "failed to deploy",
};

/** The requester's, the domain's and the reviewers' notices of a transition. */
export function requestNotices(
  request: RequestFacts,
  action: RequestAction,
  reason: string | undefined,
  except: string | null,
): NotifyEvent[] {
  const ref = `${request.domain}/${request.name}`;
  const link = `/requests/${request.id}`;
  const payload = {
    request: request.id,
    requestKind: request.kind,
    product: ref,
    action,
    reason: reason ?? null,
  };
  const notices: NotifyEvent[] = [];
  if (action === "submit") {
    notices.push({
      kind: "request.submitted",
      title: `${ref}: ${WHAT[request.kind]} request to review`,
      body: request.reason ?? "",
      link,
      payload,
      to: { platformAdmins: true, except },
      webhookDomains: [request.domain],
    });
  }
  const kind = REQUESTER_EVENTS[action];
  if (kind !== undefined) {
    const done =
      action === "succeed" && request.kind === "decommission" ? "was carried out" : DONE[action];
    notices.push({
      kind,
      title: `The ${WHAT[request.kind]} of ${ref} ${done ?? action}`,
      body: reason ?? "",
      link,
      payload,
      to: { userIds: [request.requestedById], domainMembers: [request.domain], except },
      webhookDomains: [request.domain],
    });
  }
  return notices;
}

/** Whether the transition concerns the product's consumers, and at which stage. */
export function consumerStage(
  kind: RequestKind,
  action: RequestAction,
  sunsetAt: Date | null = null,
): ConsumerEventStage | undefined {
  if (kind === "create") return undefined;
  // A decommission with a sunset is deployed only once the sunset has come (the deploy guard).
  if (kind === "decommission" && action === "deploy" && sunsetAt !== null) return "sunset-reached";
  const stage = CONSUMER_STAGES[action];
  // A breaking update is announced while it is proposed and approved; once deployed, the live spec
  // is the new one and the consumers were told.
  if (kind === "update" && stage === "deployed") return undefined;
  return stage;
}

/**
 * The consumers' notice of a decommission or a breaking update (none for an update without
 * breaking changes, or a product nobody consumes).
 */
export function consumerNotice(
  request: Pick<RequestFacts, "id" | "kind" | "reason" | "sunsetAt">,
  consumers: ProductConsumers,
  changes: readonly SpecChange[],
  stage: ConsumerEventStage,
  except: string | null,
): NotifyEvent | undefined {
  const decommission = request.kind === "decommission";
  if (!decommission && changes.length === 0) return undefined;
  if (consumers.products.length === 0 && consumers.domains.length === 0) return undefined;
  const ref = consumers.product;
  const sunsetAt = request.sunsetAt?.toISOString() ?? null;
  const audience = {
    link: `/products/${ref}`,
    to: {
      domainMembers: consumers.domains,
      emails: consumers.products.flatMap((product) => product.ownerEmails),
      except,
    },
    webhookDomains: consumers.domains,
  };
  const about = {
    product: ref,
    request: request.id,
    stage,
    // Every told domain reads the same list: another domain's unpublished product is not in it.
    consumers: consumers.products
      .filter((product) => isPublished(product.status))
      .map((product) => product.ref),
  };
  if (stage === "sunset-reached") {
    // The moment the input goes away, not its announcement.
    return {
      kind: "consumed.sunset-reached",
      title: `The sunset of ${ref}, which you consume, has come: it is being decommissioned`,
      body: [
        `Sunset ${sunsetAt ?? ""} reached: the decommission is being carried out now.`,
        request.reason ?? "",
      ].join("\n"),
      payload: { ...about, reason: request.reason, sunsetAt },
      ...audience,
    };
  }
  const what = decommission ? "decommission" : "breaking change";
  const verb = { proposed: "is proposed", approved: "was approved", deployed: "was carried out" }[
    stage
  ];
  return {
    kind: decommission ? "consumed.decommission" : "consumed.breaking-change",
    title: `A ${what} of ${ref}, which you consume, ${verb}`,
    body: decommission
      ? [
          request.reason ?? "",
          ...(sunsetAt === null
            ? []
            : [`Sunset ${sunsetAt}: it stays readable, deprecated, until then.`]),
        ].join("\n")
      : changes.map((change) => `${change.path}: ${change.reason}`).join("\n"),
    payload: {
      ...about,
      ...(decommission
        ? { reason: request.reason, sunsetAt }
        : {
            changes: changes.map(({ path, kind, severity, reason }) => ({
              path,
              kind,
              severity,
              reason,
            })),
          }),
    },
    ...audience,
  };
}

/** Breaking (and illegal) changes of an update against the live spec; none when either is invalid. */
export function breakingChanges(
  request: Pick<RequestFacts, "kind" | "spec">,
  liveSpec: unknown,
): SpecChange[] {
  if (request.kind !== "update") return [];
  const live = DataProductSpec.safeParse(liveSpec);
  const proposed = DataProductSpec.safeParse(request.spec);
  if (!live.success || !proposed.success) return [];
  return classifyChanges(live.data, proposed.data).filter(
    (change) => change.severity !== "compatible",
  );
}

/**
 * What an update or decommission means for the product's consumers (none for a creation): those
 * `visible` shows (a page's viewer), every one for the notice.
 */
export interface ConsumerImpact {
  consumers: ProductConsumers;
  /** The update's breaking and illegal changes; empty for a decommission. */
  changes: SpecChange[];
  /** Whether the consumers are told (a decommission, or a breaking update). */
  told: boolean;
}

export async function consumerImpact(
  db: Db,
  request: Pick<RequestFacts, "kind" | "domain" | "name" | "spec">,
  visible: ConsumerVisibility = EVERY_CONSUMER,
): Promise<ConsumerImpact | undefined> {
  if (request.kind === "create") return undefined;
  // Update and decommission requests are filed for a live product (named, not yet linked by id).
  const product = await db.dataProduct.findUnique({
    where: { domain_name: { domain: request.domain, name: request.name } },
    select: { id: true, domain: true, name: true, spec: true },
  });
  if (product === null) return undefined;
  const changes = breakingChanges(request, product.spec);
  const consumers = await productConsumers(db, product, accessGrantConsumers, visible);
  return { consumers, changes, told: request.kind === "decommission" || changes.length > 0 };
}

export async function notifyRequestTransition(
  db: Db,
  requestId: string,
  action: RequestAction,
  actor: AuditActor,
  reason: string | undefined,
  at: Date = new Date(),
): Promise<void> {
  const request = await db.productRequest.findUnique({ where: { id: requestId } });
  if (request === null) return;
  const except = actingUserId(actor);
  for (const notice of requestNotices(request, action, reason, except))
    await notify(db, notice, at);
  const stage = consumerStage(request.kind, action, request.sunsetAt);
  if (stage === undefined) return;
  const impact = await consumerImpact(db, request);
  if (impact === undefined || !impact.told) return;
  const notice = consumerNotice(request, impact.consumers, impact.changes, stage, except);
  if (notice !== undefined) await notify(db, notice, at);
}
