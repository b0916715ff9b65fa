import "server-only";
/** Positional parameters for the few hand-written SQL statements (full-text search). */
export class SqlBuilder {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder; values never become SQL text. */
  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** Table names as mapped in prisma/schema.prisma. */
export const PRODUCT_TABLE = '"data_products"';
