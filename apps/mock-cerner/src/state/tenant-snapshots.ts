import type { RegisteredClient } from '../auth/client-registry.js';
import type { StoreSnapshot } from '../fhir/store.js';
import type { MockState } from './mock-state.js';

/** A saved tenant: its store (resources, indexes, counters) and its clients. */
export interface TenantSnapshot {
  readonly id: string;
  readonly tenantId: string;
  /** ISO time it was taken (the tenant's clock). */
  readonly takenAt: string;
  /** Resources per type at that time. */
  readonly counts: Readonly<Record<string, number>>;
  readonly store: StoreSnapshot;
  readonly clients: readonly RegisteredClient[];
}

/** At most this many snapshots are kept per tenant; taking one more drops the oldest. */
export const MAX_SNAPSHOTS_PER_TENANT = 100;

/**
 * Saves a tenant's store and clients (not its faults, request log or tokens: those are the run's,
 * not the data's) under a new id in `state.snapshots`.
 *
 * @param state - the tenant's state
 * @returns the snapshot
 * @example
 * ```ts
 * const saved = takeSnapshot(state);
 * restoreSnapshot(state, saved.id);
 * ```
 */
export function takeSnapshot(state: MockState): TenantSnapshot {
  const store = state.store.snapshot();
  const snap: TenantSnapshot = Object.freeze({
    id: crypto.randomUUID(),
    tenantId: state.tenantId,
    takenAt: new Date(store.takenAt).toISOString(),
    counts: store.counts,
    store,
    clients: Object.freeze(state.clients.list().map((c) => ({ ...c, scopes: [...c.scopes] }))),
  });
  while (state.snapshots.size >= MAX_SNAPSHOTS_PER_TENANT) {
    state.snapshots.delete(state.snapshots.keys().next().value!);
  }
  state.snapshots.set(snap.id, snap);
  return snap;
}

/**
 * Brings a tenant's store and clients back to a snapshot of it (any number of times). Search page
 * contexts are forgotten (they point into the replaced store).
 *
 * @param state - the tenant's state
 * @param id - the snapshot id
 * @returns the snapshot, or undefined when this tenant has none with that id
 * @example
 * ```ts
 * restoreSnapshot(state, id) ?? console.log('unknown snapshot');
 * ```
 */
export function restoreSnapshot(state: MockState, id: string): TenantSnapshot | undefined {
  const snap = state.snapshots.get(id);
  if (!snap) return undefined;
  state.store.restore(snap.store);
  for (const c of state.clients.list()) state.clients.remove(c.clientId);
  for (const c of snap.clients) state.clients.register(c);
  state.pageContexts.clear();
  return snap;
}

/**
 * What the admin API shows of a snapshot (no client secrets).
 *
 * @param snap - the snapshot
 * @returns id, tenant, time and counts
 * @example
 * ```ts
 * res.json(snapshotView(takeSnapshot(state)));
 * ```
 */
export function snapshotView(snap: TenantSnapshot): Record<string, unknown> {
  return { id: snap.id, tenantId: snap.tenantId, takenAt: snap.takenAt, counts: snap.counts };
}
