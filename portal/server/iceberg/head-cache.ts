import "server-only";
/**
 * A process's last known head of each Meshplane-held table, with the product row it belongs to:
 * what a commit would otherwise read first. Only an optimisation: a commit planned on a cached
 * head swaps only while the head and the product row are still exactly those (the guarded
 * compare-and-swap in workflow/iceberg-catalog.ts), so another process's commit, a deployment or
 * a product change makes the swap miss, and the commit is read afresh (withApi's `cached`).
 */
import type { CachedHead, HeadStore } from "./service";

export type { CachedHead };

const keyOf = (namespace: string, table: string) => `${namespace}\u0000${table}`;

export class TableHeadCache implements HeadStore {
  private readonly heads = new Map<string, CachedHead>();

  /** `limit`: the most tables remembered; the least recently used goes first. */
  constructor(private readonly limit = 1000) {}

  get(namespace: string, table: string): CachedHead | undefined {
    const key = keyOf(namespace, table);
    const head = this.heads.get(key);
    if (head === undefined) return undefined;
    this.heads.delete(key);
    this.heads.set(key, head);
    return head;
  }

  remember(head: CachedHead): void {
    const key = keyOf(head.row.namespace, head.row.name);
    this.heads.delete(key);
    this.heads.set(key, head);
    if (this.heads.size <= this.limit) return;
    const oldest = this.heads.keys().next();
    if (oldest.done !== true) this.heads.delete(oldest.value);
  }

  forget(namespace: string, table: string): void {
    this.heads.delete(keyOf(namespace, table));
  }
}

/** This process's cache (the single-table commit route's). */
export const tableHeads = new TableHeadCache();
