import { createHash, createPrivateKey, createPublicKey, X509Certificate, type KeyObject } from "node:crypto";
import forge from "node-forge";
import { CertificateError, PropertyEmptyError } from "../errors";
import { registerSecret } from "../redact";

/** A certificate credential ready for a client assertion. */
export interface LoadedCertificate {
  /** PKCS#8 PEM of the private key. */
  privateKey: string;
  /** Hex SHA-1 and SHA-256 thumbprints of the certificate's DER. */
  thumbprintSha1: string;
  thumbprintSha256: string;
  /** Which thumbprint (and so which JWT header, x5t or x5t#S256) to present. */
  useSha1: boolean;
  notAfter: Date;
}

const P_CERT = "connection.certificate";
const P_PASSWORD = "connection.certificatePassword";
const P_THUMBPRINT = "connection.thumbprint";

const cache = new Map<string, LoadedCertificate>();

/**
 * Reads a certificate with its private key, given as PEM text (certificate and key, the key
 * optionally encrypted) or as a base64 PFX / PKCS#12 with its password, and checks that the key
 * belongs to the certificate and that a given thumbprint is this certificate's.
 */
export function loadCertificate(
  input: string,
  password: string | undefined,
  thumbprint: string | undefined,
): LoadedCertificate {
  const text = input.trim();
  if (!text)
    throw new PropertyEmptyError(P_CERT, "Paste the certificate and private key as PEM, or the PFX file as base64.");
  registerSecret(password);
  const key = createHash("sha256")
    .update(text)
    .update("\0")
    .update(password ?? "")
    .update("\0")
    .update(thumbprint ?? "")
    .digest("hex");
  const hit = cache.get(key);
  if (hit) return hit;
  const { cert, privateKey } = text.includes("-----BEGIN") ? fromPem(text, password) : fromPfx(text, password);
  const certPublic = cert.publicKey.export({ type: "spki", format: "der" });
  const keyPublic = createPublicKey(privateKey).export({ type: "spki", format: "der" });
  if (!Buffer.from(certPublic).equals(Buffer.from(keyPublic))) {
    throw new CertificateError(
      P_CERT,
      "The private key does not belong to the certificate; supply the key that was generated with this certificate.",
    );
  }
  const thumbprintSha1 = createHash("sha1").update(cert.raw).digest("hex");
  const thumbprintSha256 = createHash("sha256").update(cert.raw).digest("hex");
  let useSha1 = false;
  if (thumbprint && thumbprint.trim()) {
    const given = thumbprint.replace(/[\s:]/g, "").toLowerCase();
    if (given === thumbprintSha1) useSha1 = true;
    else if (given !== thumbprintSha256) {
      throw new CertificateError(
        P_THUMBPRINT,
        `The thumbprint does not match the certificate (its SHA-1 thumbprint is ${thumbprintSha1.toUpperCase()}); ` +
          `leave it empty to have it computed.`,
      );
    }
  }
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  registerSecret(pem);
  const loaded = { privateKey: pem, thumbprintSha1, thumbprintSha256, useSha1, notAfter: new Date(cert.validTo) };
  cache.set(key, loaded);
  return loaded;
}

function fromPem(text: string, password: string | undefined): { cert: X509Certificate; privateKey: KeyObject } {
  const certBlocks = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  const keyBlock =
    /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(
      text,
    )?.[0];
  if (!certBlocks.length)
    throw new CertificateError(
      P_CERT,
      "The PEM text holds no certificate (-----BEGIN CERTIFICATE-----); paste the certificate and its private key.",
    );
  if (!keyBlock)
    throw new CertificateError(
      P_CERT,
      "The PEM text holds a certificate but no private key (-----BEGIN PRIVATE KEY-----); paste both.",
    );
  registerSecret(keyBlock);
  let certs: X509Certificate[];
  try {
    certs = certBlocks.map((block) => new X509Certificate(block));
  } catch {
    throw new CertificateError(P_CERT, "A certificate block is not a valid X.509 certificate.");
  }
  const encrypted = keyBlock.includes("ENCRYPTED") || /Proc-Type: 4,ENCRYPTED/.test(keyBlock);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({
      key: keyBlock,
      format: "pem",
      passphrase: encrypted ? (password ?? "") : undefined,
    });
  } catch {
    if (encrypted)
      throw new CertificateError(
        P_PASSWORD,
        "The private key is encrypted and the certificate password does not open it; check the password.",
      );
    throw new CertificateError(P_CERT, "The private key block cannot be read; it is not a valid PEM private key.");
  }
  // A PEM export may carry the issuing chain too, in any order: the certificate to present is the one
  // the key belongs to.
  const cert = certs.find((c) => c.checkPrivateKey(privateKey)) ?? certs[0];
  return { cert, privateKey };
}

function fromPfx(text: string, password: string | undefined): { cert: X509Certificate; privateKey: KeyObject } {
  const compact = text.replace(/\s/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) {
    throw new CertificateError(P_CERT, "The certificate is neither PEM text nor a base64-encoded PFX (PKCS#12) file.");
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.decode64(compact));
    try {
      p12 = forge.pkcs12.pkcs12FromAsn1(asn1, password ?? "");
    } catch (e) {
      if (/Invalid password|MAC could not be verified/i.test(String((e as Error).message))) {
        throw new CertificateError(
          P_PASSWORD,
          password
            ? "The certificate password is wrong; it does not open the PFX file."
            : "The PFX file is protected by a password; set the certificate password.",
        );
      }
      throw e;
    }
  } catch (e) {
    if (e instanceof CertificateError) throw e;
    throw new CertificateError(
      P_CERT,
      "The certificate is neither PEM text nor a readable base64-encoded PFX (PKCS#12) file.",
    );
  }
  const keyBag =
    p12.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag })[forge.pki.oids.pkcs8ShroudedKeyBag]?.[0] ??
    p12.getBags({ bagType: forge.pki.oids.keyBag })[forge.pki.oids.keyBag]?.[0];
  if (!keyBag?.key)
    throw new CertificateError(P_CERT, "The PFX file holds no private key; export it with the private key included.");
  // A PFX may carry the issuing chain too: the certificate to present is the one the key belongs to.
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  const certBags = p12.getBags({ bagType: forge.pki.oids.certBag })[forge.pki.oids.certBag] ?? [];
  const certBag =
    certBags.find((b) => (b.cert?.publicKey as forge.pki.rsa.PublicKey | undefined)?.n?.equals(key.n)) ?? certBags[0];
  if (!certBag?.cert) throw new CertificateError(P_CERT, "The PFX file holds no certificate.");
  const keyPem = forge.pki.privateKeyToPem(keyBag.key);
  registerSecret(keyPem);
  return { cert: new X509Certificate(forge.pki.certificateToPem(certBag.cert)), privateKey: createPrivateKey(keyPem) };
}
