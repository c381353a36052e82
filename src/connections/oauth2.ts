import { OAuth2Type, oauth2Connection, templateConnectionInputs } from "@prismatic-io/spectral";
import { baseUrl, clientId, delegatedClientSecret, delegatedScopes, tenantUrl } from "./fields";

/**
 * OAuth 2.0 authorization code, in the current shape: one Tenant URL (sign-in host and tenant) from which the
 * Authorize and Token URLs are made, as Prismatic's own Outlook component now asks for it. The older form with the
 * two URLs typed out is `authorizationCode`, kept for connections made with it.
 */
export const oauth2 = oauth2Connection({
  key: "oauth2",
  display: {
    label: "OAuth 2.0 Authorization Code",
    description:
      "Signs in a Microsoft 365 user; actions act as that user (delegated permissions). Give the Tenant URL; the " +
      "sign-in URLs are made from it.",
  },
  oauth2Type: OAuth2Type.AuthorizationCode,
  inputs: templateConnectionInputs(
    {
      baseUrl: {
        ...baseUrl,
        comments: `${baseUrl.comments} Left at its default, it follows the cloud the Tenant URL names.`,
      },
      tenantUrl,
      scopes: {
        ...delegatedScopes,
        comments:
          "Space-separated delegated permissions, set on the app registration too; keep offline_access so the " +
          "connection stays signed in. Add Mail.Send.Shared and Mail.ReadWrite.Shared for shared mailboxes.",
      },
      clientId,
      clientSecret: delegatedClientSecret,
    },
    {
      authorizeUrl: {
        label: "Authorize URL",
        type: "template",
        templateValue: "https://{{#tenantUrl}}/oauth2/v2.0/authorize",
      },
      tokenUrl: {
        label: "Token URL",
        type: "template",
        templateValue: "https://{{#tenantUrl}}/oauth2/v2.0/token",
      },
    },
    OAuth2Type.AuthorizationCode,
  ),
});
