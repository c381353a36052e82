import { ArgumentError } from "../../errors";

/** The parts of an Apprise Office 365 URL, as Apprise's documentation names them. */
export type ApprisePart =
  | "url"
  | "scheme"
  | "source"
  | "tenant_id"
  | "client_id"
  | "client_secret"
  | "refresh_token"
  | "targets"
  | "to"
  | "cc"
  | "bcc"
  | "reply_to"
  | "from"
  | "format"
  | "mode"
  | "savesent"
  | "query";

/**
 * A malformed Apprise URL: an ArgumentError (code ArgumentInvalid) on the connection's URL field that also names
 * the part at fault. Its message never quotes the URL, the client secret or the refresh token; at most it quotes a
 * scheme or mode, which are no secret.
 */
export class AppriseUrlError extends ArgumentError {
  constructor(
    property: string,
    readonly part: ApprisePart,
    message: string,
  ) {
    super(property, `'${property}' (Apprise URL), part ${part}: ${message}`);
  }
}
