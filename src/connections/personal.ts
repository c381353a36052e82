import { connection } from "@prismatic-io/spectral";
import { baseUrl, clientId, entraEndpoint } from "./fields";
import { PERSONAL_SCOPES } from "./refreshTokenConnections";

/**
 * A personal Microsoft account (outlook.com, hotmail.com, live.com, msn.com): an app registered for personal
 * accounts, and the refresh token a one-time sign-in gave (`npm run signin -- --personal`). Tokens come from the
 * `consumers` authority with delegated scopes; actions act on the account's own mailbox (/me). The refresh token
 * rotates on every use and the newest is kept in the instance's state, so the connection lives as long as it is
 * used at least once every 90 days.
 */
export const personal = connection({
  key: "personal",
  display: {
    label: "Personal Microsoft Account",
    description:
      "An outlook.com, hotmail.com, live.com or msn.com account, through a refresh token from a one-time sign-in.",
  },
  inputs: {
    clientId: {
      ...clientId,
      comments:
        "Application (client) ID of an app registered for personal Microsoft accounts, with public client flows on.",
    },
    refreshToken: {
      label: "Refresh Token",
      type: "password",
      required: true,
      shown: true,
      comments:
        "What 'npm run signin -- --personal --client-id <ID>' printed. It rotates on every use; the newest is kept " +
        "in the instance's state, so this field never needs updating while the connection is used once in 90 days.",
    },
    scopes: {
      label: "Scopes",
      type: "string",
      default: PERSONAL_SCOPES,
      required: true,
      shown: true,
      comments:
        "Delegated permissions, as consented at sign-in; add Mail.ReadWrite for attachments over 3 MB and for " +
        "reading mail (sign in again with --scopes to consent to them).",
    },
    baseUrl,
    entraEndpoint,
  },
});
