/**
 * Anything that runs a parameterised query the way `pg` does: a `pg.Pool`, a `pg.Client`, or
 * the client of an open transaction (pass that to `enqueue` to join the caller's transaction).
 *
 * @example
 * ```ts
 * const client = await pool.connect(); // a pg.PoolClient is a Queryable
 * ```
 */
export interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount?: number | null }>;
}

/**
 * @internal pg-boss's database port over a {@link Queryable}.
 */
export function bossDb(db: Queryable): {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
} {
  return {
    executeSql: async (text, values) => {
      const r = await db.query(text, values);
      return { rows: r.rows as Record<string, unknown>[] };
    },
  };
}
