import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { consumerRefreshTokens, consumerTenant, consumerUsers, personalApp } from "./seedConsumers";
import type { Seed, SeedApp, SeedPlace, SeedUser } from "./store";

/** Where the sandbox's shipped certificates live (development CA, server certificate, the seeded app's certificate). */
export const CERT_DIR = join(__dirname, "certs");
export { CONSUMER_REFRESH_TOKEN, CONSUMER_TENANT_ID, CONSUMER_USERS, PERSONAL_APP_ID } from "./seedConsumers";

export const DEFAULT_TENANT_ID = "6f1c2a9e-3b4d-4e8f-9a70-2c5d8e1b4f36";
export const DEFAULT_APP_ID = "3c8a5e21-7d4f-4b96-8e13-5a2f9c6d0b47";
export const DEFAULT_APP_SECRET = "Sbx8Q~sandbox-client-secret-do-not-use-in-production";
export const PUBLIC_CLIENT_APP_ID = "9e4b7c12-5a3d-4f81-b6e2-0d7a3c8f5e19";
export const READ_ONLY_APP_ID = "b2d6f3a8-1c9e-4e57-a4b0-7f3e5d2c8a61";
export const READ_ONLY_APP_SECRET = "Sbx8Q~read-only-app-secret";
export const EXPIRED_SECRET = "Sbx8Q~an-expired-secret";

export const USERS = {
  adele: { id: "1a2b3c4d-0001-4a5b-8c9d-000000000001", upn: "adelev@contoso.onmicrosoft.com" },
  alex: { id: "1a2b3c4d-0002-4a5b-8c9d-000000000002", upn: "alexw@contoso.onmicrosoft.com" },
  megan: { id: "1a2b3c4d-0003-4a5b-8c9d-000000000003", upn: "meganb@contoso.onmicrosoft.com" },
  sales: { id: "1a2b3c4d-0004-4a5b-8c9d-000000000004", upn: "sales@contoso.onmicrosoft.com" },
  isaiah: { id: "1a2b3c4d-0005-4a5b-8c9d-000000000005", upn: "isaiahl@contoso.onmicrosoft.com" },
} as const;

const APP_PERMISSIONS = [
  "Mail.ReadWrite",
  "Mail.Send",
  "User.Read.All",
  "Calendars.ReadWrite",
  "Contacts.ReadWrite",
  "MailboxSettings.Read",
  "MailboxSettings.ReadWrite",
  "Place.Read.All",
  "Place.ReadWrite.All",
];
const DELEGATED_PERMISSIONS = [
  "openid",
  "profile",
  "email",
  "offline_access",
  "User.Read",
  "User.ReadBasic.All",
  "Mail.ReadWrite",
  "Mail.Send",
  "Mail.ReadWrite.Shared",
  "Mail.Send.Shared",
  "Calendars.ReadWrite",
  "Contacts.ReadWrite",
  "MailboxSettings.Read",
  "MailboxSettings.ReadWrite",
  "Place.Read.All",
  "Place.ReadWrite.All",
];

/** The seeded apps: a confidential client (secret and certificate), a public client, a read-only reader. */
function defaultApps(): SeedApp[] {
  const appCertificate = readFileSync(join(CERT_DIR, "app-cert.pem"), "utf8");
  return [
    {
      clientId: DEFAULT_APP_ID,
      tenantId: DEFAULT_TENANT_ID,
      displayName: "Outlook Connector (sandbox)",
      secrets: [DEFAULT_APP_SECRET, { value: EXPIRED_SECRET, endDateTime: "2024-01-01T00:00:00Z" }],
      certificates: [appCertificate],
      applicationPermissions: APP_PERMISSIONS,
      delegatedPermissions: DELEGATED_PERMISSIONS,
      redirectUris: ["http://localhost/callback", "https://oauth2.prismatic.io/callback"],
      publicClient: false,
    },
    {
      clientId: PUBLIC_CLIENT_APP_ID,
      tenantId: DEFAULT_TENANT_ID,
      displayName: "Sandbox public client",
      applicationPermissions: [],
      delegatedPermissions: DELEGATED_PERMISSIONS,
      redirectUris: ["http://localhost", "https://login.microsoftonline.com/common/oauth2/nativeclient"],
      publicClient: true,
      // Work and school accounts and personal Microsoft accounts, so `signin --personal` works with it too.
      signInAudience: "AzureADandPersonalMicrosoftAccount",
    },
    {
      clientId: READ_ONLY_APP_ID,
      tenantId: DEFAULT_TENANT_ID,
      displayName: "Read-only mail reader (sandbox)",
      secrets: [READ_ONLY_APP_SECRET],
      applicationPermissions: ["Mail.Read"],
      delegatedPermissions: ["openid", "offline_access", "User.Read", "Mail.Read"],
      redirectUris: ["http://localhost/callback"],
      publicClient: false,
    },
  ];
}

/** Microsoft 365 Business Premium, the licence the seeded people hold. */
export const BUSINESS_PREMIUM_SKU = "cbdc14ab-d96c-4c30-b9f4-6ada7cdc1d46";

/** Three people, a shared mailbox Adele may read and send as, and a user without a mailbox. */
function defaultUsers(): SeedUser[] {
  return [
    {
      id: USERS.adele.id,
      tenantId: DEFAULT_TENANT_ID,
      userPrincipalName: USERS.adele.upn,
      mail: USERS.adele.upn,
      displayName: "Adele Vance",
      givenName: "Adele",
      surname: "Vance",
      jobTitle: "Retail Manager",
      assignedLicenses: [BUSINESS_PREMIUM_SKU],
    },
    {
      id: USERS.alex.id,
      tenantId: DEFAULT_TENANT_ID,
      userPrincipalName: USERS.alex.upn,
      mail: USERS.alex.upn,
      displayName: "Alex Wilber",
      givenName: "Alex",
      surname: "Wilber",
      jobTitle: "Marketing Assistant",
      assignedLicenses: [BUSINESS_PREMIUM_SKU],
    },
    {
      id: USERS.megan.id,
      tenantId: DEFAULT_TENANT_ID,
      userPrincipalName: USERS.megan.upn,
      mail: USERS.megan.upn,
      displayName: "Megan Bowen",
      givenName: "Megan",
      surname: "Bowen",
      jobTitle: "Marketing Manager",
      assignedLicenses: [BUSINESS_PREMIUM_SKU],
    },
    {
      id: USERS.sales.id,
      tenantId: DEFAULT_TENANT_ID,
      userPrincipalName: USERS.sales.upn,
      mail: USERS.sales.upn,
      displayName: "Sales",
      mailboxType: "shared",
      fullAccess: [USERS.adele.id],
      sendAs: [USERS.adele.id],
    },
    {
      id: USERS.isaiah.id,
      tenantId: DEFAULT_TENANT_ID,
      userPrincipalName: USERS.isaiah.upn,
      mail: USERS.isaiah.upn,
      displayName: "Isaiah Langer",
      givenName: "Isaiah",
      surname: "Langer",
      mailboxType: "none",
    },
  ];
}

/** Two conference rooms and the room list of their building (each room has a room mailbox). */
function defaultPlaces(): SeedPlace[] {
  const address = {
    street: "4567 Main St",
    city: "Buffalo",
    state: "NY",
    postalCode: "98052",
    countryOrRegion: "USA",
  };
  const room = (n: number, name: string, capacity: number): SeedPlace => ({
    "@odata.type": "microsoft.graph.room",
    id: `3162f1a6-9c0e-4f25-8b6d-0000000000${String(n).padStart(2, "0")}`,
    tenantId: DEFAULT_TENANT_ID,
    emailAddress: `${name.toLowerCase().replace(/\s+/g, "")}@contoso.onmicrosoft.com`,
    displayName: name,
    address,
    geoCoordinates: { latitude: 47.64, longitude: -122.13, altitude: null, accuracy: null, altitudeAccuracy: null },
    phone: "555-555-0100",
    nickname: name,
    label: String(100 + n),
    capacity,
    building: "1",
    floorLabel: "1",
    floorNumber: 1,
    isWheelChairAccessible: true,
    bookingType: "standard",
    tags: ["bean bags"],
    audioDeviceName: null,
    videoDeviceName: null,
    displayDeviceName: null,
  });
  const rooms = [room(1, "Conf Room Adams", 8), room(2, "Conf Room Baker", 16)];
  return [
    ...rooms,
    {
      "@odata.type": "microsoft.graph.roomList",
      id: "3162f1a6-9c0e-4f25-8b6d-000000000100",
      tenantId: DEFAULT_TENANT_ID,
      emailAddress: "building1@contoso.onmicrosoft.com",
      displayName: "Building 1",
      address,
      geoCoordinates: null,
      phone: null,
      rooms: rooms.map((r) => r.emailAddress),
    },
  ];
}

/**
 * The built-in seed: one tenant (Contoso) whose message size limit is raised to Graph's 150 MB,
 * a confidential app with a secret and a certificate, a public client for the device code flow,
 * a read-only app for permission checks, three people, a shared mailbox and a user without a mailbox;
 * and the consumer tenant with two personal accounts, an app for them and a refresh token issued to one.
 */
export function defaultSeed(): Seed {
  return {
    tenants: [
      {
        id: DEFAULT_TENANT_ID,
        domain: "contoso.onmicrosoft.com",
        displayName: "Contoso",
        maxMessageSizeBytes: 150 * 1024 * 1024,
      },
      consumerTenant(),
    ],
    apps: [...defaultApps(), personalApp(DEFAULT_TENANT_ID)],
    users: [...defaultUsers(), ...consumerUsers()],
    refreshTokens: consumerRefreshTokens(),
    places: defaultPlaces(),
  };
}

/** Reads a seed file; certificates may be given inline as PEM or as a path relative to the seed file. */
export function readSeedFile(path: string): Seed {
  const seed = JSON.parse(readFileSync(path, "utf8")) as Seed;
  for (const key of ["tenants", "apps", "users"] as const) {
    if (!Array.isArray(seed[key])) throw new Error(`seed file ${path}: "${key}" must be an array`);
  }
  const dir = dirname(resolve(path));
  for (const app of seed.apps) {
    app.certificates = (app.certificates ?? []).map((c) =>
      c.includes("-----BEGIN") ? c : readFileSync(resolve(dir, c), "utf8"),
    );
  }
  return seed;
}
