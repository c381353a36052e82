import { action } from "@prismatic-io/spectral";
import * as categories from "../../graph/categories";
import { openMailbox } from "../../graph/mailbox";
import { categoryIdInput } from "../../inputs/categories";
import { connectionInput, mailboxInput } from "../../inputs/common";
import { itemRef } from "../../inputs/ids";

export const deleteCategory = action({
  display: {
    label: "Delete Category",
    description:
      "Remove a category from the mailbox's master list. Messages, events and contacts tagged with it keep its name, " +
      "which Outlook then shows without a colour. Needs MailboxSettings.ReadWrite.",
  },
  inputs: { connection: connectionInput, mailbox: mailboxInput, categoryId: categoryIdInput },
  perform: async (_context, params) => {
    const category = itemRef("categoryId", params.categoryId);
    const mb = openMailbox(params.connection, params.mailbox);
    await categories.remove(mb, category);
    return { data: { deleted: true, categoryId: category.id } };
  },
});
