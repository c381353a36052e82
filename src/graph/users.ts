import type { User } from "@microsoft/microsoft-graph-types";
import type { MailboxRef } from "./mailbox";

/** Users (Graph's user resource): the user a mailbox belongs to. */

/** The mailbox's user (the signed-in user for "/me"), with only `select`ed properties when given. */
export function get(mb: MailboxRef, select?: string): Promise<User> {
  return mb.graph.call<User>({
    method: "GET",
    path: mb.root,
    query: select ? { $select: select } : undefined,
    notFound: mb.input,
  });
}

/** The mailbox's e-mail address as its user record gives it (mail, else user principal name); undefined for none. */
export async function address(mb: MailboxRef): Promise<string | undefined> {
  const user = await get(mb, "mail,userPrincipalName");
  return user.mail ?? user.userPrincipalName ?? undefined;
}
