import { CONSUMER_TENANT_ID, defaultSeed, type Seed } from "../../../sandbox";

/**
 * A sandbox seed where every Apprise example URL is real: the tenant `ab-cd-ef-gh` with app `zz-yy-xx-ww` (secrets
 * `rt/djd/jjd` and `rt/djdwjjd`, as the examples write them, and one holding '/', '?' and '@'), its mailboxes
 * (chuck.norris@roundhouse.kick, user@, noreply@ and every recipient @example.com), and the personal accounts
 * you@outlook.com, me@hotmail.com and me@custom.com with app `aa-bb-cc-dd-ee` registered for personal accounts.
 * Apprise's "your-refresh-token-here" is issued by each test to the account its example sends from.
 */

export const ORG_TENANT = "ab-cd-ef-gh";
export const ORG_APP = "zz-yy-xx-ww";
export const PERSONAL_APP = "aa-bb-cc-dd-ee";
export const TRICKY_SECRET = "Qx8Q~a/b?c@d.e_f";

const ORG_ADDRESSES = [
  "chuck.norris@roundhouse.kick",
  "user@example.com",
  "noreply@example.com",
  "recipient@example.com",
  "manager@example.com",
  "audit@example.com",
  "support@example.com",
  "friend@example.com",
];
const PERSONAL_ADDRESSES = ["you@outlook.com", "me@hotmail.com", "me@custom.com"];

/** A stable object id per address, so tests can name a mailbox by it. */
export function objectIdOf(address: string): string {
  const all = [...ORG_ADDRESSES, ...PERSONAL_ADDRESSES];
  const n = all.indexOf(address) + 1;
  if (n === 0) throw new Error(`no seeded user ${address}`);
  return `a7b8c9d0-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

const user = (address: string, tenantId: string) => ({
  id: objectIdOf(address),
  tenantId,
  userPrincipalName: address,
  mail: address,
  displayName: address.split("@")[0],
});

export function appriseSeed(): Seed {
  const seed = defaultSeed();
  seed.tenants.push({ id: ORG_TENANT, domain: "example.com", displayName: "Apprise examples" });
  seed.apps.push(
    {
      clientId: ORG_APP,
      tenantId: ORG_TENANT,
      displayName: "Apprise (organizational)",
      secrets: ["rt/djd/jjd", "rt/djdwjjd", TRICKY_SECRET],
      applicationPermissions: ["Mail.Send", "Mail.ReadWrite", "User.Read.All"],
      delegatedPermissions: [],
    },
    {
      clientId: PERSONAL_APP,
      tenantId: ORG_TENANT,
      displayName: "Apprise Personal",
      applicationPermissions: [],
      delegatedPermissions: ["openid", "profile", "offline_access", "User.Read", "Mail.Send", "Mail.ReadWrite"],
      redirectUris: ["https://login.microsoftonline.com/common/oauth2/nativeclient"],
      publicClient: true,
      signInAudience: "PersonalMicrosoftAccount",
    },
  );
  seed.users.push(
    ...ORG_ADDRESSES.map((a) => user(a, ORG_TENANT)),
    ...PERSONAL_ADDRESSES.map((a) => user(a, CONSUMER_TENANT_ID)),
  );
  return seed;
}
