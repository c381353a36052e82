import type { CategoryColor, OutlookCategory } from "@microsoft/microsoft-graph-types";
import type { ItemRef } from "../inputs/ids";
import { confirmation, withOutcome, type Outcome } from "./lostAnswers";
import type { MailboxRef } from "./mailbox";
import { graphPath, type GraphPath } from "./path";

/**
 * A mailbox's master list of categories (Graph's outlookCategory), the names messages, events and contacts are tagged
 * with. Names are unique (without regard to case) and fixed once created: Graph changes only a category's colour.
 */

const masterCategories = (mb: MailboxRef): GraphPath => graphPath`${mb.root}/outlook/masterCategories`;
const categoryPath = (mb: MailboxRef, category: ItemRef): GraphPath => graphPath`${masterCategories(mb)}/${category}`;

export async function listMasterCategories(mb: MailboxRef): Promise<OutlookCategory[]> {
  const page = await mb.graph.call<{ value: OutlookCategory[] }>({ method: "GET", path: masterCategories(mb) });
  return page.value;
}

/** The category of this name, compared as Outlook compares them (without regard to case). */
async function named(mb: MailboxRef, displayName: string): Promise<OutlookCategory | undefined> {
  const all = await listMasterCategories(mb);
  return all.find((c) => c.displayName?.toLowerCase() === displayName.toLowerCase());
}

/**
 * Adds a category to the master list. After a lost answer the list is read for the name (Graph refuses a second
 * category of that name with 409): found, it is the answer; else the create is sent again.
 */
export async function create(
  mb: MailboxRef,
  category: { displayName: string; color: CategoryColor },
): Promise<OutlookCategory & { outcome?: Outcome }> {
  const { result, outcome } = await mb.graph.callWithOutcome<OutlookCategory>({
    method: "POST",
    path: masterCategories(mb),
    body: category,
    confirm: async () => confirmation(await named(mb, category.displayName)),
  });
  return withOutcome(result, outcome);
}

/** Changes a category's colour, the one thing Graph lets change. */
export function updateColor(mb: MailboxRef, category: ItemRef, color: CategoryColor): Promise<OutlookCategory> {
  return mb.graph.call<OutlookCategory>({
    method: "PATCH",
    path: categoryPath(mb, category),
    body: { color },
    notFound: category.input,
  });
}

/** Removes a category from the master list; items tagged with its name keep the name. */
export async function remove(mb: MailboxRef, category: ItemRef): Promise<void> {
  await mb.graph.call({ method: "DELETE", path: categoryPath(mb, category), notFound: category.input });
}
