/**
 * The inbox's and the consumers' API bodies and queries (docs/notifications.md): one zod schema
 * each, for the route handlers, the pages and the OpenAPI document. Browser-safe.
 */
import { z } from "zod";
import { NOTIFICATION_KINDS } from "#core/notifications";
import { Page, PageSize, Pagination } from "./api-schemas";

export const NotificationListQuery = z.object({
  page: Page,
  pageSize: PageSize,
  unread: z.enum(["true", "false"]).optional().describe("true: only notifications not read yet."),
});

export const NotificationIdParams = z.object({ id: z.uuid("must be a notification id") });

export const NotificationItem = z
  .object({
    id: z.string(),
    kind: z.enum(NOTIFICATION_KINDS),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
    readAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Notification" });
export type NotificationItem = z.infer<typeof NotificationItem>;

export const NotificationList = z
  .object({
    items: z.array(NotificationItem),
    pagination: Pagination,
    unread: z.int().describe("Unread notifications in all (the bell's count)."),
  })
  .meta({ id: "NotificationList" });
export type NotificationList = z.infer<typeof NotificationList>;

export const ReadAllResult = z
  .object({ marked: z.int().describe("Notifications marked read by this call.") })
  .meta({ id: "ReadAllResult" });

const CONSUMER_SOURCES = ["input", "lineage", "grant"] as const;

export const ProductConsumersView = z
  .object({
    product: z.string(),
    products: z.array(
      z.object({
        ref: z.string(),
        domain: z.string(),
        name: z.string(),
        status: z.string(),
        ownerEmails: z.array(z.string()),
        via: z.array(z.enum(CONSUMER_SOURCES)),
      }),
    ),
    observed: z.array(
      z.object({
        namespace: z.string(),
        name: z.string(),
        domains: z.array(z.string()),
        outputs: z.array(
          z.object({ namespace: z.string(), name: z.string(), product: z.string().nullable() }),
        ),
      }),
    ),
    grants: z.array(
      z.object({ domain: z.string(), product: z.string().nullable(), principal: z.string() }),
    ),
    domains: z
      .array(z.string())
      .describe(
        "Consumer domains (other than the product's) told of a breaking change or decommission.",
      ),
  })
  .meta({ id: "ProductConsumers" });
export type ProductConsumersView = z.infer<typeof ProductConsumersView>;
