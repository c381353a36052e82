import { action } from "@prismatic-io/spectral";
import { openMailbox } from "../../graph/mailbox";
import * as users from "../../graph/users";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const getCurrentUser = action({
  display: {
    label: "Get Current User",
    description:
      "Get the signed-in user (or, for app-only connections, the connection's user or the given mailbox's user).",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await users.get(mb) };
  },
});
