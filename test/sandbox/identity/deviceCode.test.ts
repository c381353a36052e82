import {
  DEFAULT_TENANT_ID,
  PUBLIC_CLIENT_APP_ID,
  READ_ONLY_APP_ID,
  USERS,
  approveDeviceCode,
  type Sandbox,
} from "../../../sandbox";
import { claimsOf, form, publicClient, raw, startSandbox, tokenRequest } from "../support";

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

describe("device code", () => {
  it("completes the device code flow with msal-node once the user approves", async () => {
    const pca = publicClient(sb, PUBLIC_CLIENT_APP_ID);
    const result = await pca.acquireTokenByDeviceCode({
      scopes: ["https://graph.microsoft.com/Mail.Send"],
      deviceCodeCallback: (response) => {
        expect(response.verificationUri).toBe(`${sb.url}/devicelogin`);
        setTimeout(() => approveDeviceCode(sb.store, response.userCode, USERS.alex.upn), 200);
      },
    });
    expect(claimsOf(result!.accessToken)).toMatchObject({ oid: USERS.alex.id, scp: "Mail.Send", appidacr: "0" });
  });

  it("answers a device code poll with authorization_pending (AADSTS70016), then expired_token (70019)", async () => {
    const started = await raw(
      sb,
      "POST",
      `/${DEFAULT_TENANT_ID}/oauth2/v2.0/devicecode`,
      form({ client_id: PUBLIC_CLIENT_APP_ID, scope: "Mail.Send offline_access" }),
    );
    const poll = {
      grant_type: "urn:ietf:params:oauth:grant-type:device_code",
      client_id: PUBLIC_CLIENT_APP_ID,
      device_code: String(started.json.device_code),
    };
    const pending = await tokenRequest(sb, poll);
    expect(pending.json).toMatchObject({ error: "authorization_pending", error_codes: [70016] });
    sb.clock.advance(16 * 60 * 1000);
    try {
      expect((await tokenRequest(sb, poll)).json).toMatchObject({ error: "expired_token", error_codes: [70019] });
    } finally {
      sb.clock.reset();
    }
  });

  it("refuses the device code flow for a confidential client without its credential (AADSTS7000218)", async () => {
    const res = await raw(
      sb,
      "POST",
      `/${DEFAULT_TENANT_ID}/oauth2/v2.0/devicecode`,
      form({ client_id: READ_ONLY_APP_ID, scope: "Mail.Read" }),
    );
    expect(res.json.error_codes).toEqual([7000218]);
  });
});
