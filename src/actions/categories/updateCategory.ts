import { action } from "@prismatic-io/spectral";
import * as categories from "../../graph/categories";
import { openMailbox } from "../../graph/mailbox";
import { categoryIdInput, colorInput, readColor } from "../../inputs/categories";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";

export const updateCategory = action({
  display: {
    label: "Update Category",
    description:
      "Change a category's colour. Graph does not let a category be renamed (its name is fixed once created): to " +
      "rename one, create a category with the new name, tag the items with it, then delete the old one. Needs " +
      "MailboxSettings.ReadWrite.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, categoryId: categoryIdInput, color: colorInput(true) },
  perform: async (_context, params) => {
    const category = itemRef("categoryId", params.categoryId);
    const color = readColor("color", params.color, true);
    const mb = openMailbox(params.connection, params.mailbox);
    return { data: await categories.updateColor(mb, category, color) };
  },
});
