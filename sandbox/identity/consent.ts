import type { Store } from "../store";

/**
 * Consents people gave on the sandbox's consent page: delegated permissions an app was not granted
 * up front, accepted by one user for that app (as Entra records a user's consent). Tokens issued
 * to that user for that app may then carry them, refreshes included.
 */

const consents = new WeakMap<Store, Map<string, Set<string>>>();

function table(store: Store): Map<string, Set<string>> {
  let t = consents.get(store);
  if (!t) consents.set(store, (t = new Map()));
  return t;
}

export function userConsents(store: Store, clientId: string, userId: string): string[] {
  return [...(table(store).get(`${clientId}|${userId}`) ?? [])];
}

export function recordConsent(store: Store, clientId: string, userId: string, permissions: string[]): void {
  const key = `${clientId}|${userId}`;
  const set = table(store).get(key) ?? new Set<string>();
  for (const p of permissions) set.add(p);
  table(store).set(key, set);
}
