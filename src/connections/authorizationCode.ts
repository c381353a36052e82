import { OAuth2Type, oauth2Connection } from "@prismatic-io/spectral";
import { baseUrl, clientId, cloud, delegatedClientSecret, delegatedScopes } from "./fields";

/**
 * OAuth 2.0 authorization code, the older form: the Authorize and Token URLs typed out. Kept, under the same key, for
 * connections made with it; new ones use `oauth2`, which makes both URLs from a Tenant URL.
 */
export const authorizationCode = oauth2Connection({
  key: "authorizationCode",
  display: {
    label: "OAuth 2.0 Authorization Code (Deprecated)",
    description:
      "The older form of the OAuth 2.0 Authorization Code connection, with the Authorize and Token URLs typed out; " +
      "it keeps working. New connections: use OAuth 2.0 Authorization Code, which takes a Tenant URL.",
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
    scopes: delegatedScopes,
    clientId,
    clientSecret: delegatedClientSecret,
  },
});
