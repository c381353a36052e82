import { OAuth2Type, oauth2Connection, templateConnectionInputs } from "@prismatic-io/spectral";
import { appScopes, baseUrl, clientId, clientSecret, cloud, entraEndpoint, tenant, userId } from "./fields";

/** OAuth 2.0 client credentials with a client secret: app-only access to any mailbox the app may reach. */
export const clientCredentials = oauth2Connection({
  key: "clientCredentials",
  display: {
    label: "OAuth 2.0 Client Credentials",
    description:
      "App-only access with a client secret (application permissions, admin consent); give a User ID (or a Mailbox " +
      "on each action).",
  },
  oauth2Type: OAuth2Type.ClientCredentials,
  inputs: templateConnectionInputs(
    {
      cloud,
      baseUrl,
      entraEndpoint,
      tenant,
      clientId,
      clientSecret,
      scopes: appScopes,
      userId,
    },
    {
      tokenUrl: {
        label: "Token URL",
        type: "template",
        templateValue: "{{#entraEndpoint}}/{{#tenant}}/oauth2/v2.0/token",
      },
    },
    OAuth2Type.ClientCredentials,
  ),
});
