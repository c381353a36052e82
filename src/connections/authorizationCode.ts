import { OAuth2Type, oauth2Connection } from "@prismatic-io/spectral";
import { baseUrl, clientId, clientSecret, cloud } from "./fields";

export const DEFAULT_DELEGATED_SCOPES = [
  "https://graph.microsoft.com/User.Read",
  "https://graph.microsoft.com/Calendars.ReadWrite",
  "https://graph.microsoft.com/Contacts.ReadWrite",
  "https://graph.microsoft.com/Mail.ReadWrite",
  "https://graph.microsoft.com/Mail.Send",
  "https://graph.microsoft.com/MailboxSettings.ReadWrite",
  "offline_access",
].join(" ");

/** OAuth 2.0 authorization code: a person signs in and the platform keeps the tokens (delegated access, /me). */
export const authorizationCode = oauth2Connection({
  key: "authorizationCode",
  display: {
    label: "OAuth 2.0 Authorization Code",
    description: "Signs in a Microsoft 365 user; actions act as that user (/me) with delegated permissions.",
  },
  oauth2Type: OAuth2Type.AuthorizationCode,
  inputs: {
    cloud,
    baseUrl,
    authorizeUrl: {
      label: "Authorize URL",
      type: "string",
      default: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
      required: true,
      shown: true,
      comments:
        "Replace 'common' with your tenant for a single-tenant app; for national clouds use their login host (e.g. " +
        "login.microsoftonline.us).",
    },
    tokenUrl: {
      label: "Token URL",
      type: "string",
      default: "https://login.microsoftonline.com/common/oauth2/v2.0/token",
      required: true,
      shown: true,
      comments: "Same host and tenant as the Authorize URL.",
    },
    scopes: {
      label: "Scopes",
      type: "string",
      default: DEFAULT_DELEGATED_SCOPES,
      required: true,
      shown: true,
      comments:
        "Space-separated delegated permissions; keep offline_access so the connection stays signed in. Add " +
        "Mail.Send.Shared and Mail.ReadWrite.Shared for shared mailboxes.",
    },
    clientId,
    clientSecret: { ...clientSecret, label: "Client secret value" },
  },
});
