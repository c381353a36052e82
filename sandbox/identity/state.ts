import type { Store } from "../store";

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
}

export interface DeviceGrant {
  clientId: string;
  tenantId: string | undefined;
  scopes: string[];
  userCode: string;
  expiresAt: number;
  userId?: string;
  declined?: boolean;
}

export interface IdentityState {
  codes: Map<string, AuthCode>;
  refreshTokens: Map<string, RefreshGrant>;
  devices: Map<string, DeviceGrant>;
}

const states = new WeakMap<Store, IdentityState>();

export function identityState(store: Store): IdentityState {
  let s = states.get(store);
  if (!s) {
    s = { codes: new Map(), refreshTokens: new Map(), devices: new Map() };
    states.set(store, s);
  }
  return s;
}
