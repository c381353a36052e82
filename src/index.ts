import { component } from "@prismatic-io/spectral";
import { getCurrentUser } from "./actions/users/getCurrentUser";
import { sendMessage } from "./actions/messages/sendMessage";
import { authorizationCode } from "./connections/authorizationCode";
import { certificate } from "./connections/certificate";
import { clientCredentials } from "./connections/clientCredentials";
import { OutlookError } from "./errors";
import { redact } from "./redact";

/**
 * Every error leaving the component: typed errors pass with their secrets scrubbed; anything
 * else is scrubbed too, so no secret, token or key reaches a log or an error message.
 */
export function scrubError(error: unknown): unknown {
  if (error instanceof Error) {
    error.message = redact(error.message);
    if (error.stack) error.stack = redact(error.stack);
    return error;
  }
  return new Error(redact(String(error)));
}

export default component({
  key: "ms-outlook",
  display: {
    label: "Microsoft Outlook",
    description: "Send and read mail with attachments up to 150 MB, manage folders, calendars and events, and react to Outlook changes, on any tenant, shared mailbox or national cloud.",
    iconPath: "icon.png",
  },
  connections: [authorizationCode, clientCredentials, certificate],
  actions: { sendMessage, getCurrentUser },
  hooks: { error: scrubError },
});

export { OutlookError };
