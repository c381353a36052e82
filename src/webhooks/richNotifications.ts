import {
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  constants,
  timingSafeEqual,
  X509Certificate,
  type JsonWebKey,
} from "node:crypto";
import jwt from "jsonwebtoken";
import { CertificateError } from "../errors";

/**
 * Rich notifications (resource data included): Graph encrypts each resource with a fresh AES key,
 * wraps the key with our certificate's public key (RSA-OAEP, SHA-1), and signs the ciphertext with
 * HMAC-SHA256 under the same key; validation tokens (JWTs from the identity platform) prove the
 * payload came from Graph's change-tracking service.
 */

/** Microsoft Graph change tracking: the app that issues notification validation tokens. */
export const CHANGE_TRACKING_APP_ID = "0bf30f3b-4a52-48df-9a82-234910c4a086";

export interface NotificationCertificate {
  /** base64 DER, as Graph takes it in a subscription. */
  certificateBase64: string;
  certificateId: string;
  thumbprint: string;
  privateKeyPem: string;
}

/** Reads the PEM certificate and private key used to receive rich notifications. */
export function notificationCertificate(
  property: string,
  pem: string,
  certificateId?: string,
): NotificationCertificate {
  const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const keyBlock = /-----BEGIN (?:RSA )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA )?PRIVATE KEY-----/.exec(pem)?.[0];
  if (!certBlock || !keyBlock)
    throw new CertificateError(
      property,
      "Give the certificate and its private key as PEM text to receive encrypted notifications.",
    );
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certBlock);
    createPrivateKey(keyBlock);
  } catch {
    throw new CertificateError(property, "The notification certificate or key cannot be read.");
  }
  const thumbprint = createHash("sha1").update(cert.raw).digest("hex").toUpperCase();
  return {
    certificateBase64: cert.raw.toString("base64"),
    certificateId: certificateId || thumbprint,
    thumbprint,
    privateKeyPem: keyBlock,
  };
}

export interface EncryptedContent {
  data: string;
  dataSignature: string;
  dataKey: string;
  encryptionCertificateId?: string;
  encryptionCertificateThumbprint?: string;
}

export class TamperedNotificationError extends Error {}

/**
 * Decrypts one encryptedContent after checking its signature; throws TamperedNotificationError when it does not hold.
 */
export function decryptContent(content: EncryptedContent, cert: NotificationCertificate): unknown {
  if (
    content.encryptionCertificateThumbprint &&
    content.encryptionCertificateThumbprint.toUpperCase() !== cert.thumbprint
  ) {
    throw new TamperedNotificationError("encrypted with another certificate");
  }
  let key: Buffer;
  try {
    key = privateDecrypt(
      { key: cert.privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: "sha1" },
      Buffer.from(content.dataKey, "base64"),
    );
  } catch {
    throw new TamperedNotificationError("the data key does not decrypt");
  }
  const data = Buffer.from(content.data, "base64");
  const expected = createHmac("sha256", key).update(data).digest();
  const given = Buffer.from(content.dataSignature ?? "", "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new TamperedNotificationError("the signature does not match the data");
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, key.subarray(0, 16));
    return JSON.parse(Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8"));
  } catch {
    throw new TamperedNotificationError("the data does not decrypt");
  }
}

const keyCache = new Map<string, { at: number; keys: (JsonWebKey & { kid?: string })[] }>();

async function signingKeys(jwksUrl: string): Promise<(JsonWebKey & { kid?: string })[]> {
  const hit = keyCache.get(jwksUrl);
  if (hit && Date.now() - hit.at < 3600_000) return hit.keys;
  const res = await fetch(jwksUrl);
  const body = (await res.json()) as { keys?: (JsonWebKey & { kid?: string })[] };
  const keys = body.keys ?? [];
  keyCache.set(jwksUrl, { at: Date.now(), keys });
  return keys;
}

/**
 * Checks a payload's validation tokens: each signed by the identity platform's published keys,
 * for our app (aud), issued by our tenant, for Graph's change-tracking app, and not expired.
 */
export async function validationTokensValid(
  tokens: unknown,
  o: { jwksUrl: string; clientId: string; tenantId?: string },
): Promise<boolean> {
  if (!Array.isArray(tokens) || tokens.length === 0) return false;
  const keys = await signingKeys(o.jwksUrl).catch(() => []);
  for (const token of tokens) {
    const decoded = jwt.decode(String(token), { complete: true });
    const jwk = keys.find((k) => k.kid === decoded?.header.kid);
    if (!jwk) return false;
    try {
      const claims = jwt.verify(String(token), createPublicKey({ key: jwk, format: "jwk" }), {
        algorithms: ["RS256"],
        audience: o.clientId,
      }) as jwt.JwtPayload;
      if (claims.azp !== CHANGE_TRACKING_APP_ID && claims.appid !== CHANGE_TRACKING_APP_ID) return false;
      if (o.tenantId && !String(claims.iss ?? "").includes(o.tenantId) && claims.tid !== o.tenantId) return false;
    } catch {
      return false;
    }
  }
  return true;
}
