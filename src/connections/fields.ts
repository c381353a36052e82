import { cloudChoices } from "../auth/clouds";

/** Connection inputs shared by the three connections: the same keys, labels and defaults in each. */

export const cloud = {
  label: "Cloud",
  type: "string",
  model: cloudChoices,
  default: "global",
  required: true,
  shown: true,
  comments:
    "Microsoft's cloud for this tenant. Outside the global cloud, the Base URL and Entra endpoint follow it unless " +
    "you set them yourself.",
} as const;

export const baseUrl = {
  label: "Base URL",
  type: "string",
  default: "https://graph.microsoft.com",
  required: true,
  shown: true,
  comments:
    "The Microsoft Graph root for your cloud (https://learn.microsoft.com/en-us/graph/deployments). " +
    "Any URL is accepted, e.g. a Graph sandbox's.",
} as const;

export const entraEndpoint = {
  label: "Microsoft Entra ID Endpoint",
  type: "string",
  default: "https://login.microsoftonline.com",
  required: true,
  shown: true,
  comments:
    "The identity platform's root for your cloud " +
    "(https://learn.microsoft.com/en-us/graph/deployments#app-registration-and-token-service-root-endpoints).",
} as const;

export const tenant = {
  label: "Tenant",
  type: "string",
  required: true,
  shown: true,
  example: "contoso.onmicrosoft.com",
  comments: "The tenant's ID or one of its verified domain names.",
} as const;

export const clientId = {
  label: "Client ID",
  type: "string",
  required: true,
  shown: true,
  comments: "Application (client) ID of your app registration.",
} as const;

export const clientSecret = {
  label: "Client Secret",
  type: "password",
  required: true,
  shown: true,
  comments: "A client secret's Value (not its ID) from 'Certificates & secrets' in your app registration.",
} as const;

/** What a signed-in user's connection asks for unless told otherwise. */
const DEFAULT_DELEGATED_SCOPES = [
  "https://graph.microsoft.com/User.Read",
  "https://graph.microsoft.com/Calendars.ReadWrite",
  "https://graph.microsoft.com/Contacts.ReadWrite",
  "https://graph.microsoft.com/Mail.ReadWrite",
  "https://graph.microsoft.com/Mail.Send",
  "https://graph.microsoft.com/MailboxSettings.ReadWrite",
  "offline_access",
].join(" ");

/** The authorization code connections' Scopes (both forms). */
export const delegatedScopes = {
  label: "Scopes",
  type: "string",
  default: DEFAULT_DELEGATED_SCOPES,
  required: true,
  shown: true,
  comments:
    "Space-separated delegated permissions; keep offline_access so the connection stays signed in. Add " +
    "Mail.Send.Shared and Mail.ReadWrite.Shared for shared mailboxes.",
} as const;

/** The authorization code connections' Client Secret (both forms), labelled by what to copy from the app. */
export const delegatedClientSecret = { ...clientSecret, label: "Client secret value" } as const;

export const userId = {
  label: "User ID",
  type: "string",
  required: false,
  shown: true,
  example: "sales@contoso.onmicrosoft.com",
  comments:
    "The mailbox actions use when they name none: a user principal name, SMTP address or object ID. App-only " +
    "connections need it, or a Mailbox on each action.",
} as const;

export const appScopes = {
  label: "Scopes",
  type: "string",
  default: "https://graph.microsoft.com/.default",
  required: true,
  shown: true,
  comments: "Client credentials always ask for {Graph root}/.default; the app's granted application permissions apply.",
} as const;

export const tenantUrl = {
  label: "Tenant URL",
  type: "string",
  default: "login.microsoftonline.com/common",
  required: true,
  shown: true,
  comments:
    "The sign-in host and tenant, without https://: login.microsoftonline.com/common for an app open to any " +
    "organization (multitenant), or login.microsoftonline.com/{tenant ID or domain} for a single-tenant app. A " +
    "national cloud uses its own host: login.microsoftonline.us (US Government) or login.chinacloudapi.cn (China). " +
    "The Authorize URL and Token URL are made from it " +
    "(https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud).",
} as const;
