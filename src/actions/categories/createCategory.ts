import { action, input } from "@prismatic-io/spectral";
import * as categories from "../../graph/categories";
import { openMailbox } from "../../graph/mailbox";
import { categoryName, colorInput, readColor } from "../../inputs/categories";
import { connectionInput, mailboxInput } from "../../inputs/common";

export const createCategory = action({
  display: {
    label: "Create Category",
    description:
      "Add a category to the mailbox's master list, with one of Outlook's preset colours. Names are unique without " +
      "regard to case (Graph refuses a second one with 409 ErrorDuplicateCategoryName) and can not be changed later. " +
      "Needs MailboxSettings.ReadWrite.",
  },
  inputs: {
    connection: connectionInput,
    mailbox: mailboxInput,
    displayName: input({
      label: "Display Name",
      type: "string",
      required: true,
      comments: "The category's name (at most 255 characters, no commas or semicolons). It can not be renamed later.",
    }),
    color: colorInput(false),
  },
  perform: async (_context, params) => {
    const displayName = categoryName("displayName", params.displayName);
    const color = readColor("color", params.color, false);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await categories.create(mb, { displayName, color }) };
  },
});
