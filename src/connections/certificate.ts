import { connection } from "@prismatic-io/spectral";
import { appScopes, baseUrl, clientId, cloud, entraEndpoint, tenant, userId } from "./fields";

/** Client credentials with a certificate (a signed client assertion instead of a secret). */
export const certificate = connection({
  key: "certificate",
  display: {
    label: "Certificate Credentials",
    description:
      "App-only access with a certificate registered on the app (PEM or PFX): a signed client assertion instead of " +
      "a secret. Give a User ID (or a Mailbox on each action).",
  },
  inputs: {
    cloud,
    baseUrl,
    entraEndpoint,
    tenant,
    clientId,
    certificate: {
      label: "Certificate",
      type: "text",
      required: true,
      shown: true,
      comments:
        "The certificate and its private key as PEM text (the key optionally encrypted; issuing certificates may " +
        "come along in any order, the one the key belongs to is used), or the PFX (PKCS#12) file as base64.",
    },
    certificatePassword: {
      label: "Certificate Password",
      type: "password",
      required: false,
      shown: true,
      comments: "The PFX file's password, or the passphrase of an encrypted PEM private key.",
    },
    thumbprint: {
      label: "Thumbprint",
      type: "string",
      required: false,
      shown: true,
      comments:
        "The certificate's SHA-1 or SHA-256 thumbprint as shown in Entra. Computed from the certificate when empty. " +
        "A SHA-1 thumbprint makes the assertion RS256 with x5t, otherwise PS256 with x5t#S256.",
    },
    scopes: appScopes,
    userId,
  },
});
