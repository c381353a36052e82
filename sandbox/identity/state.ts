import type { Store } from "../store";
import type { Audience } from "./consumers";

/** What the identity platform remembers between requests: codes, refresh tokens and device codes, per store. */

export const AUTH_CODE_LIFETIME_MS = 10 * 60 * 1000;
export const REFRESH_TOKEN_INACTIVITY_MS = 90 * 24 * 3600 * 1000;
export const DEVICE_CODE_LIFETIME_S = 900;

export interface AuthCode {
  clientId: string;
  tenantId: string;
  userId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge?: string;
  codeChallengeMethod?: string;
  nonce?: string;
  expiresAt: number;
  redeemed: boolean;
}

export interface RefreshGrant {
  clientId: string;
  tenantId: string;
  userId: string;
  scopes: string[];
  issuedAt: number;
  lastUsed: number;
  /** When it bought new tokens, if it did: with single-use refresh tokens it is refused after that. */
  redeemedAt?: number;
}

export interface DeviceGrant {
  clientId: string;
  tenantId: string | undefined;
  scopes: string[];
  userCode: string;
  expiresAt: number;
  userId?: string;
  declined?: boolean;
  /** Who may approve it: personal accounts only at `consumers`, work accounts only at `organizations`. */
  audience: Audience;
}

export interface IdentityState {
  codes: Map<string, AuthCode>;
  refreshTokens: Map<string, RefreshGrant>;
  devices: Map<string, DeviceGrant>;
  /**
   * Refresh tokens work once: redeeming one ends it (Entra keeps the old one valid; this option makes tests prove a
   * client always keeps and uses the newest).
   */
  singleUseRefreshTokens: boolean;
}

const states = new WeakMap<Store, IdentityState>();

export function identityState(store: Store): IdentityState {
  let s = states.get(store);
  if (!s) {
    s = { codes: new Map(), refreshTokens: new Map(), devices: new Map(), singleUseRefreshTokens: false };
    states.set(store, s);
  }
  return s;
}
