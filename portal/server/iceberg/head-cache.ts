import "server-only";
/**
 * A process's last known head of each Meshplane-held table, with the product row it belongs to:
 * what a commit would otherwise read first. Only an optimisation: a commit planned on a cached
 * head swaps only while the head and the product row are still exactly those (the guarded
 * compare-and-swap in workflow/iceberg-catalog.ts), so another process's commit, a deployment or
 * a product change makes the swap miss, and the commit is read afresh (withApi's `cached`).
 *
 * And the metadata text a load last read of each table: a load's one statement leaves the stored
 * metadata out while the row still has that location and update time (service.ts
 * readProductTable), so the database decides whether the text is current.
 */
import { Lru } from "#lib/lru";
import type { CachedHead, HeadStore, KnownText, TextStore } from "./service";

export type { CachedHead };

const keyOf = (namespace: string, table: string) => `${namespace}\u0000${table}`;

export class TableHeadCache implements HeadStore {
  private readonly heads: Lru<CachedHead>;

  /** `limit`: the most tables remembered; the least recently used goes first. */
  constructor(limit = 1000) {
    this.heads = new Lru(limit);
  }

  get(namespace: string, table: string): CachedHead | undefined {
    return this.heads.get(keyOf(namespace, table));
  }

  remember(head: CachedHead): void {
    this.heads.set(keyOf(head.row.namespace, head.row.name), head);
  }

  forget(namespace: string, table: string): void {
    this.heads.delete(keyOf(namespace, table));
  }
}

export class TableTextCache implements TextStore {
  private readonly texts: Lru<KnownText>;

  /** `limit`: the most tables remembered; the least recently used goes first. */
  constructor(limit = 1000) {
    this.texts = new Lru(limit);
  }

  get(namespace: string, table: string): KnownText | undefined {
    return this.texts.get(keyOf(namespace, table));
  }

  remember(namespace: string, table: string, text: KnownText): void {
    this.texts.set(keyOf(namespace, table), text);
  }
}

/** This process's caches: the single-table commit route's heads, the load routes' texts. */
export const tableHeads = new TableHeadCache();
export const tableTexts = new TableTextCache();
