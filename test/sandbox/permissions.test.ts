import type { Client } from "@microsoft/microsoft-graph-client";
import type { Message } from "@microsoft/microsoft-graph-types";
import {
  DEFAULT_APP_ID,
  DEFAULT_APP_SECRET,
  READ_ONLY_APP_ID,
  READ_ONLY_APP_SECRET,
  USERS,
  type Sandbox,
} from "../../sandbox";
import { appToken, graphClient, raw, secretClient, startSandbox, tokenRequest, graphError } from "./support";

/** Graph's permission rules over HTTP: app roles, delegated scopes, shared mailboxes and send-as, bad tokens. */

let sb: Sandbox;
let client: Client;
let token: string;
beforeAll(async () => {
  sb = await startSandbox();
  token = await appToken(sb);
  client = graphClient(sb, token);
});
afterAll(() => sb.stop());

const adele = `/users/${USERS.adele.upn}`;
const alex = `/users/${USERS.alex.id}`;

function mail(subject: string, extra: Partial<Message> = {}): { message: Message; saveToSentItems?: boolean } {
  return {
    message: {
      subject,
      body: { contentType: "html", content: `<p>${subject}</p>` },
      toRecipients: [{ emailAddress: { address: USERS.alex.upn, name: "Alex Wilber" } }],
      ...extra,
    },
  };
}

describe("permissions, shared mailboxes and tokens, as Graph enforces them", () => {
  it("sends from a shared mailbox with an app-only token", async () => {
    await client.api(`/users/${USERS.sales.upn}/sendMail`).post(mail("From the sales desk"));
    const [m] = (await client.api(`${alex}/messages`).filter("subject eq 'From the sales desk'").get())
      .value as Message[];
    expect(m.from?.emailAddress?.address).toBe(USERS.sales.upn);
  });

  it("refuses /me for an app-only token, an unknown user, and a user with no mailbox", async () => {
    expect(await graphError(client.api("/me/messages").get())).toMatchObject({ statusCode: 400, code: "BadRequest" });
    expect(await graphError(client.api("/users/nobody@contoso.onmicrosoft.com/messages").get())).toMatchObject({
      statusCode: 404,
      code: "ErrorInvalidUser",
    });
    expect(await graphError(client.api(`/users/${USERS.isaiah.upn}/messages`).get())).toMatchObject({
      statusCode: 404,
      code: "MailboxNotEnabledForRESTAPI",
    });
  });

  it("refuses sending for an app holding only Mail.Read", async () => {
    const readOnly = await secretClient(sb, READ_ONLY_APP_ID, READ_ONLY_APP_SECRET).acquireTokenByClientCredential({
      scopes: ["https://graph.microsoft.com/.default"],
    });
    const c = graphClient(sb, readOnly!.accessToken);
    expect(await graphError(c.api(`${adele}/sendMail`).post(mail("nope")))).toMatchObject({
      statusCode: 403,
      code: "ErrorAccessDenied",
    });
    expect((await c.api(`${alex}/messages`).top(1).get()).value).toHaveLength(1);
    // Categories are mailbox settings: Mail.Read alone does not reach them.
    expect(await graphError(c.api(`${adele}/outlook/masterCategories`).get())).toMatchObject({
      statusCode: 403,
      code: "ErrorAccessDenied",
    });
  });

  it("lets a delegated user send as a shared mailbox they hold send-as on, and no one else", async () => {
    const auth = await raw(
      sb,
      "GET",
      `/contoso.onmicrosoft.com/oauth2/v2.0/authorize?${new URLSearchParams({
        client_id: DEFAULT_APP_ID,
        response_type: "code",
        redirect_uri: "http://localhost/callback",
        scope: "Mail.Send Mail.Send.Shared Mail.ReadWrite Mail.ReadWrite.Shared",
        login_hint: USERS.adele.upn,
      })}`,
    );
    const code = new URL(auth.headers.get("location")!).searchParams.get("code")!;
    const tokens = await tokenRequest(sb, {
      grant_type: "authorization_code",
      client_id: DEFAULT_APP_ID,
      client_secret: DEFAULT_APP_SECRET,
      code,
      redirect_uri: "http://localhost/callback",
    });
    const me = graphClient(sb, String(tokens.json.access_token));
    await me.api("/me/sendMail").post(mail("As sales", { from: { emailAddress: { address: USERS.sales.upn } } }));
    const [m] = (await client.api(`${alex}/messages`).filter("subject eq 'As sales'").get()).value as Message[];
    expect(m.from?.emailAddress?.address).toBe(USERS.sales.upn);
    expect(
      await graphError(
        me.api("/me/sendMail").post(mail("As megan", { from: { emailAddress: { address: USERS.megan.upn } } })),
      ),
    ).toMatchObject({ statusCode: 403, code: "ErrorSendAsDenied" });
    await client.api(`${adele}/sendMail`).post({
      message: { subject: "For the sales desk", toRecipients: [{ emailAddress: { address: USERS.sales.upn } }] },
    });
    const salesInbox = (await me.api(`/users/${USERS.sales.upn}/mailFolders/inbox/messages`).get()).value as Message[];
    expect(salesInbox.map((m) => m.subject)).toContain("For the sales desk");
    expect(await graphError(me.api(`/users/${USERS.megan.upn}/messages`).get())).toMatchObject({
      statusCode: 403,
      code: "ErrorAccessDenied",
    });
  });

  it("refuses an expired token, a missing one and a forged one with 401 InvalidAuthenticationToken", async () => {
    sb.clock.advance(2 * 3600 * 1000);
    try {
      const expired = await raw(sb, "GET", `/v1.0${alex}/messages`, { token });
      expect(expired.status).toBe(401);
      expect(expired.json.error).toMatchObject({
        code: "InvalidAuthenticationToken",
        message: expect.stringContaining("expired"),
      });
    } finally {
      sb.clock.reset();
    }
    expect((await raw(sb, "GET", `/v1.0${alex}/messages`)).json.error).toMatchObject({
      code: "InvalidAuthenticationToken",
      message: "Access token is empty.",
    });
    const [h, p] = token.split(".");
    const claims = { ...JSON.parse(Buffer.from(p, "base64url").toString()), roles: ["Mail.ReadWrite"] };
    const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${token.split(".")[2]}`;
    const res = await raw(sb, "GET", `/v1.0${alex}/messages`, { token: forged });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
  });
});
