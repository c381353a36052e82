import { generateKeyPairSync, KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Clock } from "./clock";
import { guid, opaqueToken } from "./ids";

/** Graph's application id: the audience of its access tokens. */
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
export const GRAPH_AUDIENCE = "https://graph.microsoft.com";

/** Who a verified access token speaks for. */
export interface Principal {
  kind: "app" | "user";
  tenantId: string;
  appId: string;
  /** The signed-in user (delegated tokens only). */
  userId?: string;
  roles: string[];
  scopes: string[];
}

export class InvalidTokenError extends Error {}

/** Signs and verifies the sandbox's tokens with a key pair made at start-up. */
export class TokenIssuer {
  readonly kid = opaqueToken(12);
  private readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;

  constructor(
    private readonly clock: Clock,
    readonly lifetimeSeconds: number,
  ) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
  }

  jwks(): { keys: object[] } {
    const jwk = this.publicKey.export({ format: "jwk" });
    return { keys: [{ kty: "RSA", use: "sig", kid: this.kid, n: jwk.n, e: jwk.e }] };
  }

  private now(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /** A Graph access token (v1.0 format, as Graph's tokens are). */
  accessToken(p: Principal & { appDisplayName: string; appidacr: "0" | "1" | "2"; upn?: string; name?: string }): {
    token: string;
    expiresIn: number;
  } {
    const iat = this.now();
    const claims: Record<string, unknown> = {
      aud: GRAPH_AUDIENCE,
      iss: `https://sts.windows.net/${p.tenantId}/`,
      iat,
      nbf: iat,
      exp: iat + this.lifetimeSeconds,
      app_displayname: p.appDisplayName,
      appid: p.appId,
      appidacr: p.appidacr,
      idtyp: p.kind === "app" ? "app" : "user",
      oid: p.kind === "user" ? p.userId : p.appId,
      sub: p.kind === "user" ? p.userId : p.appId,
      tid: p.tenantId,
      uti: opaqueToken(16),
      ver: "1.0",
    };
    if (p.kind === "app") claims.roles = p.roles;
    else {
      claims.scp = p.scopes.join(" ");
      claims.upn = p.upn;
      claims.unique_name = p.upn;
      claims.name = p.name;
    }
    const token = jwt.sign(claims, this.privateKey, {
      algorithm: "RS256",
      keyid: this.kid,
      header: { alg: "RS256", typ: "JWT", x5t: this.kid } as jwt.JwtHeader,
    });
    return { token, expiresIn: this.lifetimeSeconds };
  }

  /** An OpenID Connect id token for the client app. */
  idToken(o: {
    issuer: string;
    clientId: string;
    tenantId: string;
    userId: string;
    upn: string;
    name: string;
    nonce?: string;
  }): string {
    const iat = this.now();
    return jwt.sign(
      {
        aud: o.clientId,
        iss: o.issuer,
        iat,
        nbf: iat,
        exp: iat + 3600,
        name: o.name,
        oid: o.userId,
        preferred_username: o.upn,
        sub: o.userId,
        tid: o.tenantId,
        ver: "2.0",
        ...(o.nonce ? { nonce: o.nonce } : {}),
        uti: opaqueToken(16),
      },
      this.privateKey,
      { algorithm: "RS256", keyid: this.kid },
    );
  }

  /** Signs other sandbox-issued JWTs (e.g. notification validation tokens) with the published key. */
  sign(claims: Record<string, unknown>): string {
    return jwt.sign(claims, this.privateKey, { algorithm: "RS256", keyid: this.kid });
  }

  /** Verifies a bearer token as Graph does; the message says why it failed, in Graph's words. */
  verify(token: string): Principal {
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, this.publicKey, {
        algorithms: ["RS256"],
        audience: [GRAPH_AUDIENCE, GRAPH_APP_ID],
        clockTimestamp: this.now(),
      }) as jwt.JwtPayload;
    } catch (e) {
      if (e instanceof jwt.TokenExpiredError)
        throw new InvalidTokenError("Lifetime validation failed, the token is expired.");
      if (e instanceof jwt.NotBeforeError)
        throw new InvalidTokenError("Lifetime validation failed, the token is not yet valid.");
      const msg = (e as Error).message;
      if (/malformed|jwt must be provided|invalid token/.test(msg))
        throw new InvalidTokenError(
          "IDX14100: JWT is not well formed, there are no dots (.).\n" +
            "The token needs to be in JWS or JWE Compact Serialization Format.",
        );
      if (/audience/.test(msg)) throw new InvalidTokenError("Invalid audience.");
      throw new InvalidTokenError("Access token validation failure. Invalid signature.");
    }
    const isApp = claims.idtyp === "app";
    return {
      kind: isApp ? "app" : "user",
      tenantId: String(claims.tid),
      appId: String(claims.appid),
      userId: isApp ? undefined : String(claims.oid),
      roles: (claims.roles as string[] | undefined) ?? [],
      scopes: typeof claims.scp === "string" ? claims.scp.split(" ").filter(Boolean) : [],
    };
  }
}

export function newCorrelationId(): string {
  return guid();
}
