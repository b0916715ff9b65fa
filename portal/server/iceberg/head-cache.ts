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
import type { CachedHead, HeadStore, KnownText, TextStore } from "./service";

export type { CachedHead };

const keyOf = (namespace: string, table: string) => `${namespace}\u0000${table}`;

/** Per table, the most recently used `limit` values; the least recently used goes first. */
class TableLru<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(namespace: string, table: string): V | undefined {
    const key = keyOf(namespace, table);
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(namespace: string, table: string, value: V): void {
    const key = keyOf(namespace, table);
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size <= this.limit) return;
    const oldest = this.entries.keys().next();
    if (oldest.done !== true) this.entries.delete(oldest.value);
  }

  delete(namespace: string, table: string): void {
    this.entries.delete(keyOf(namespace, table));
  }
}

export class TableHeadCache implements HeadStore {
  private readonly heads: TableLru<CachedHead>;

  /** `limit`: the most tables remembered; the least recently used goes first. */
  constructor(limit = 1000) {
    this.heads = new TableLru(limit);
  }

  get(namespace: string, table: string): CachedHead | undefined {
    return this.heads.get(namespace, table);
  }

  remember(head: CachedHead): void {
    this.heads.set(head.row.namespace, head.row.name, head);
  }

  forget(namespace: string, table: string): void {
    this.heads.delete(namespace, table);
  }
}

export class TableTextCache implements TextStore {
  private readonly texts: TableLru<KnownText>;

  /** `limit`: the most tables remembered; the least recently used goes first. */
  constructor(limit = 1000) {
    this.texts = new TableLru(limit);
  }

  get(namespace: string, table: string): KnownText | undefined {
    return this.texts.get(namespace, table);
  }

  remember(namespace: string, table: string, text: KnownText): void {
    this.texts.set(namespace, table, text);
  }
}

/** This process's caches: the single-table commit route's heads, the load routes' texts. */
export const tableHeads = new TableHeadCache();
export const tableTexts = new TableTextCache();
