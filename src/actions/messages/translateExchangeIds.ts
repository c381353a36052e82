import { action } from "@prismatic-io/spectral";
import { ArgumentError } from "../../errors";
import * as exchangeIds from "../../graph/exchangeIds";
import { openMailbox } from "../../graph/mailbox";
import { choice, connectionInput, mailboxInput } from "../../inputs/common";
import { ID_FORMATS, readExchangeIds, translateInputs } from "../../inputs/exchangeIds";

export const translateExchangeIds = action({
  display: {
    label: "Translate IDs",
    description:
      "Convert stored message, event or contact IDs between formats (REST, REST immutable, EWS, MAPI entry IDs), up " +
      "to 1,000 at once: for example REST IDs a flow stored earlier into the immutable IDs this component now " +
      "returns, which survive moves and sends. Returns each ID's translation, or why it has none. Graph offers this " +
      "to connections that sign in a user only (delegated User.ReadBasic.All; Mail.Read.Shared for a shared mailbox).",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, ...translateInputs },
  perform: async (_context, params) => {
    const ids = readExchangeIds("ids", params.ids);
    const sourceIdType = choice("sourceIdType", params.sourceIdType, ID_FORMATS, "restId");
    const targetIdType = choice("targetIdType", params.targetIdType, ID_FORMATS, "restImmutableEntryId");
    const mb = openMailbox(params.connection, params.mailbox);
    if (!mb.graph.conn.delegated)
      throw new ArgumentError(
        "connection",
        "Translate IDs needs a connection that signs in a user (OAuth 2.0 Authorization Code or a personal account): " +
          "Graph does not offer translateExchangeIds to app-only connections.",
      );
    const value = await exchangeIds.translate(mb, ids, sourceIdType, targetIdType);
    const translated = value.filter((v) => v.targetId).length;
    return { data: { sourceIdType, targetIdType, translated, failed: value.length - translated, value } };
  },
});
