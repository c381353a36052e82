import { CONSUMER_TENANT_ID } from "./identity/consumers";
import type { SeedApp, SeedRefreshToken, SeedTenant, SeedUser } from "./store";

/**
 * The built-in seed's personal Microsoft accounts: the consumer tenant (reached as `consumers` or by its id), an app
 * registered for personal accounts as Apprise's guide registers one (public client, delegated Mail.Send), two people
 * with outlook.com and regional hotmail.co.uk mailboxes, and a refresh token already issued to the first, so a
 * personal connection can start without a sign-in.
 */

export { CONSUMER_TENANT_ID };
export const PERSONAL_APP_ID = "5d2f8a61-4c3b-4e9a-9f17-8b6e0c4a2d93";

export const CONSUMER_USERS = {
  sam: { id: "00000000-0000-0000-5a4d-7e3c2b1a0f01", upn: "sam.rivera@outlook.com" },
  kai: { id: "00000000-0000-0000-5a4d-7e3c2b1a0f02", upn: "kai.tanaka@hotmail.co.uk" },
} as const;

/** Issued to Sam for the personal app, with every permission the app asks for (a fuzz or demo run needs no more). */
export const CONSUMER_REFRESH_TOKEN = "M.C540_SBX.0.U.-Sandbox-personal-refresh-token-for-sam*do!not$use";

const PERSONAL_DELEGATED = [
  "openid",
  "profile",
  "email",
  "offline_access",
  "User.Read",
  "Mail.Read",
  "Mail.ReadWrite",
  "Mail.Send",
  "Calendars.ReadWrite",
  "MailboxSettings.ReadWrite",
];

export function consumerTenant(): SeedTenant {
  return { id: CONSUMER_TENANT_ID, domain: "consumers.live.com", displayName: "Microsoft Accounts" };
}

export function personalApp(homeTenantId: string): SeedApp {
  return {
    clientId: PERSONAL_APP_ID,
    tenantId: homeTenantId,
    displayName: "Personal mail sender (sandbox)",
    applicationPermissions: [],
    delegatedPermissions: PERSONAL_DELEGATED,
    redirectUris: ["https://login.microsoftonline.com/common/oauth2/nativeclient"],
    publicClient: true,
    signInAudience: "PersonalMicrosoftAccount",
  };
}

export function consumerUsers(): SeedUser[] {
  return [
    {
      id: CONSUMER_USERS.sam.id,
      tenantId: CONSUMER_TENANT_ID,
      userPrincipalName: CONSUMER_USERS.sam.upn,
      mail: CONSUMER_USERS.sam.upn,
      displayName: "Sam Rivera",
      givenName: "Sam",
      surname: "Rivera",
    },
    {
      id: CONSUMER_USERS.kai.id,
      tenantId: CONSUMER_TENANT_ID,
      userPrincipalName: CONSUMER_USERS.kai.upn,
      mail: CONSUMER_USERS.kai.upn,
      displayName: "Kai Tanaka",
      givenName: "Kai",
      surname: "Tanaka",
    },
  ];
}

export function consumerRefreshTokens(): SeedRefreshToken[] {
  return [
    {
      token: CONSUMER_REFRESH_TOKEN,
      clientId: PERSONAL_APP_ID,
      user: CONSUMER_USERS.sam.id,
    },
  ];
}
