import type { SeedRefreshToken, Store } from "../store";
import { identityState } from "./state";

/**
 * Refresh tokens handed out without a sign-in: from the seed file's `refreshTokens` (so a connection can start from
 * a known token, as a person's would after `signin`) or from a test (`issueRefreshToken(sb.store, …)`). They behave
 * as issued ones: they rotate, lapse after 90 days unused, and are single-use when the sandbox is told so.
 */
export function issueRefreshToken(store: Store, entry: SeedRefreshToken): string {
  const app = store.apps.get(entry.clientId);
  if (!app) throw new Error(`refresh token for an unknown app: ${entry.clientId}`);
  const user = store.users.get(entry.user) ?? store.findByAddress(entry.user);
  if (!user) throw new Error(`refresh token for an unknown user: ${entry.user}`);
  if (!entry.token) throw new Error("a seeded refresh token needs a value");
  const scopes = entry.scopes ?? app.delegatedPermissions ?? [];
  const now = store.clock.now();
  identityState(store).refreshTokens.set(entry.token, {
    clientId: app.clientId,
    tenantId: user.tenantId,
    userId: user.id,
    scopes: [...new Set([...scopes, "offline_access"])],
    issuedAt: now,
    lastUsed: now,
  });
  return entry.token;
}

/** The seed's refresh tokens, issued when the sandbox starts. */
export function issueSeededRefreshTokens(store: Store, entries: SeedRefreshToken[] | undefined): void {
  for (const entry of entries ?? []) issueRefreshToken(store, entry);
}
