import { connection, type Connection } from "@prismatic-io/spectral";
import { parseAppriseUrl, type AppriseUrl } from "./apprise/parse";
import { baseUrl, entraEndpoint } from "./fields";
import { PERSONAL_SCOPES } from "./refreshTokenConnections";

/**
 * An Apprise Office 365 URL, exactly as Apprise's documentation writes it: organizational
 * (`o365://{source}/{tenant_id}/{client_id}/{client_secret}/{targets}`, client credentials) or personal
 * (`o365://{source}/{client_id}/{refresh_token}/{targets}`, for outlook.com, hotmail.com, live.com, msn.com
 * sources or `?mode=personal`). Its targets, cc, bcc, reply_to and format are Send Notification's defaults.
 */
export const appriseUrl = connection({
  key: "appriseUrl",
  display: {
    label: "Apprise Office 365 URL",
    description:
      "An Apprise o365:// or azure:// URL: organizational (client credentials) or personal (refresh token) mode.",
  },
  inputs: {
    url: {
      label: "Apprise URL",
      type: "password",
      required: true,
      shown: true,
      example: "o365://you@outlook.com/{client_id}/{refresh_token}/friend@example.com?cc=team@example.com",
      comments:
        "o365://{source}/{tenant_id}/{client_id}/{client_secret}/{targets} or o365://{source}/{client_id}/" +
        "{refresh_token}/{targets}. A secret may hold '/' as it is; encode '?' as %3F, '@' as %40, '#' as %23.",
    },
    scopes: {
      label: "Personal Scopes",
      type: "string",
      default: PERSONAL_SCOPES,
      required: false,
      shown: true,
      comments:
        "Personal mode only: the delegated permissions to redeem the refresh token for. Add Mail.ReadWrite " +
        "(consented at sign-in) to send attachments over 3 MB.",
    },
    baseUrl,
    entraEndpoint,
  },
});

/** The Apprise URL a connection carries, read and checked, or undefined for any other kind of connection. */
export function appriseUrlOf(conn: Connection | undefined | null): AppriseUrl | undefined {
  if (!conn || conn.key !== "appriseUrl") return undefined;
  return parseAppriseUrl(String(conn.fields.url ?? "").trim(), "connection.url");
}
