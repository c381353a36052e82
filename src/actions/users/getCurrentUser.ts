import { action } from "@prismatic-io/spectral";
import type { User } from "@microsoft/microsoft-graph-types";
import { graphFor } from "../../graph/client";
import { mailboxPath } from "../../graph/paths";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const getCurrentUser = action({
  display: {
    label: "Get Current User",
    description:
      "Get the signed-in user (or, for app-only connections, the connection's user or the given mailbox's user).",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput },
  perform: async (_context, params) => {
    const graph = graphFor(params.connection);
    const data = await graph.call<User>({
      method: "GET",
      path: mailboxPath(graph.conn, params.mailbox),
      notFound: "mailbox",
    });
    return { data };
  },
});
