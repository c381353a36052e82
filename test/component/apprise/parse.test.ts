import { AppriseUrlError, type ApprisePart } from "../../../src/connections/apprise/errors";
import { isConsumerDomain } from "../../../src/connections/apprise/domains";
import { parseAppriseUrl, type AppriseUrl } from "../../../src/connections/apprise/parse";
import { composeNotification } from "../../../src/inputs/notifications";

/**
 * Apprise's Office 365 URLs, read without any request: every example of Apprise's two pages, the legacy form,
 * secrets with '/', '?' and '@' raw and encoded, and malformed URLs, each a typed error that names its part and
 * never quotes the secret.
 */

const addressesOf = (list: AppriseUrl["to"]) => list.map((r) => r.emailAddress?.address);

describe("the examples of Apprise's Office 365 pages", () => {
  it("seed 000: o365:/// with an empty host, secret rt/djd/jjd unencoded, no targets", () => {
    const u = parseAppriseUrl("o365:///chuck.norris@roundhouse.kick/ab-cd-ef-gh/zz-yy-xx-ww/rt/djd/jjd");
    expect(u).toMatchObject({
      mode: "org",
      source: { address: "chuck.norris@roundhouse.kick" },
      tenant: "ab-cd-ef-gh",
      clientId: "zz-yy-xx-ww",
      secret: "rt/djd/jjd",
      toSource: true,
      to: [],
    });
  });

  it.each([
    ["o365://you@outlook.com/aa-bb-cc-dd-ee/your-refresh-token-here/", "you@outlook.com", []],
    [
      "o365://me@hotmail.com/aa-bb-cc-dd-ee/your-refresh-token-here/friend@example.com",
      "me@hotmail.com",
      ["friend@example.com"],
    ],
    ["o365://me@custom.com/aa-bb-cc-dd-ee/your-refresh-token-here/?mode=personal", "me@custom.com", []],
  ])("seed 001, personal: %s", (url, source, to) => {
    const u = parseAppriseUrl(url);
    expect(u).toMatchObject({ mode: "personal", source: { address: source }, clientId: "aa-bb-cc-dd-ee" });
    expect(u.secret).toBe("your-refresh-token-here");
    expect(u.tenant).toBeUndefined();
    expect(addressesOf(u.to)).toEqual(to);
    expect(u.toSource).toBe(to.length === 0);
  });

  it("seed 001, organizational: secret rt/djdwjjd encoded as rt%2Fdjdwjjd, with cc, bcc and reply_to", () => {
    const plain = parseAppriseUrl("o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/");
    expect(plain).toMatchObject({ mode: "org", tenant: "ab-cd-ef-gh", clientId: "zz-yy-xx-ww", secret: "rt/djdwjjd" });
    const copies = parseAppriseUrl(
      "o365://user@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/recipient@example.com" +
        "?cc=manager@example.com&bcc=audit@example.com",
    );
    expect(copies.secret).toBe("rt/djdwjjd");
    expect(addressesOf(copies.to)).toEqual(["recipient@example.com"]);
    expect(addressesOf(copies.cc)).toEqual(["manager@example.com"]);
    expect(addressesOf(copies.bcc)).toEqual(["audit@example.com"]);
    const reply = parseAppriseUrl(
      "o365://noreply@example.com/ab-cd-ef-gh/zz-yy-xx-ww/rt%2Fdjdwjjd/support@example.com" +
        "?reply_to=customer@external.com",
    );
    expect(reply.source.address).toBe("noreply@example.com");
    expect(addressesOf(reply.to)).toEqual(["support@example.com"]);
    expect(addressesOf(reply.replyTo)).toEqual(["customer@external.com"]);
  });
});

describe("the other forms Apprise accepts", () => {
  it("Apprise 1.2's {tenant_id}:{source} form", () => {
    const u = parseAppriseUrl("o365://ab-cd-ef-gh:user@example.com/zz-yy-xx-ww/rt/djd/jjd/a@example.com/b@example.com");
    expect(u).toMatchObject({ legacy: true, mode: "org", tenant: "ab-cd-ef-gh", secret: "rt/djd/jjd" });
    expect(u.source.address).toBe("user@example.com");
    expect(addressesOf(u.to)).toEqual(["a@example.com", "b@example.com"]);
  });

  it("azure:// as an alias, an object ID as source, to= added to the targets, named addresses", () => {
    const u = parseAppriseUrl(
      "azure://1a2b3c4d-0001-4a5b-8c9d-000000000001/t-1/c-1/s3cr3t/a@example.com" +
        "?to=Bea%20Lee%20%3Cbea@example.com%3E,c@example.com&cc=Dee+Roe+<d@example.com>",
    );
    expect(u).toMatchObject({
      scheme: "azure",
      mode: "org",
      source: { objectId: "1a2b3c4d-0001-4a5b-8c9d-000000000001" },
    });
    expect(u.to.map((r) => r.emailAddress)).toEqual([
      { address: "a@example.com" },
      { name: "Bea Lee", address: "bea@example.com" },
      { address: "c@example.com" },
    ]);
    expect(u.cc.map((r) => r.emailAddress)).toEqual([{ name: "Dee Roe", address: "d@example.com" }]);
  });

  it("oauth_id, oauth_secret, tenant and from as query parameters; Apprise's general parameters are ignored", () => {
    const u = parseAppriseUrl(
      "o365://_/?oauth_id=c-1&oauth_secret=se%2Fcr%3Fet&tenant=contoso.onmicrosoft.com" +
        "&from=Alerts%20%3Cops@example.com%3E" +
        "&overflow=split&verify=no&cto=4&rto=4&emojis=no&tz=UTC&format=markdown&savesent=no",
    );
    expect(u).toMatchObject({
      mode: "org",
      tenant: "contoso.onmicrosoft.com",
      clientId: "c-1",
      secret: "se/cr?et",
      source: { address: "ops@example.com", name: "Alerts" },
      format: "markdown",
      saveToSentItems: false,
      toSource: true,
    });
  });

  it("?mode=org keeps a consumer-domain source organizational; mode=personal forces personal", () => {
    expect(parseAppriseUrl("o365://me@live.com/t/c/secret-value?mode=org")).toMatchObject({ mode: "org", tenant: "t" });
    expect(parseAppriseUrl("o365://me@example.com/c/rt-value?mode=PERSONAL").mode).toBe("personal");
  });

  it.each([
    ["outlook.com", true],
    ["hotmail.com", true],
    ["live.com", true],
    ["msn.com", true],
    ["hotmail.co.uk", true],
    ["outlook.com.br", true],
    ["live.co.nz", true],
    ["outlook.de", true],
    ["OUTLOOK.FR", true],
    ["outlook.office365.com", false],
    ["hotmail.example.com", false],
    ["example.com", false],
    ["msn.co.uk", false],
  ])("consumer domain %s: %s", (domain, consumer) => {
    expect(isConsumerDomain(domain)).toBe(consumer);
    expect(parseAppriseUrl(`o365://someone@${domain}/t/c/secret-value`).mode).toBe(consumer ? "personal" : "org");
  });
});

describe("a secret holding '/', '?' and '@'", () => {
  const secret = "Ab8Q~x/y?z@w.k_";
  it.each([
    ["as it is", "o365://user@example.com/t/c/Ab8Q~x/y?z@w.k_/to@example.com?cc=cc@example.com"],
    ["percent-encoded", "o365://user@example.com/t/c/Ab8Q~x%2Fy%3Fz%40w.k_/to@example.com?cc=cc@example.com"],
    ["lower-case escapes", "o365://user@example.com/t/c/Ab8Q~x%2fy%3fz%40w.k_/to@example.com?cc=cc@example.com"],
    ["as it is, no targets, no query", "o365://user@example.com/t/c/Ab8Q~x/y?z@w.k_"],
    ["in oauth_secret", "o365://user@example.com/t/c/?oauth_secret=Ab8Q~x%2Fy%3Fz%40w.k_&to=to@example.com"],
  ])("reads the same secret written %s", (_how, url) => {
    expect(parseAppriseUrl(url).secret).toBe(secret);
  });

  it("keeps the query for the parameters after the last '?', and targets after the secret", () => {
    const u = parseAppriseUrl("o365://user@example.com/t/c/Ab8Q~x/y?z@w.k_/to@example.com?cc=cc@example.com");
    expect(addressesOf(u.to)).toEqual(["to@example.com"]);
    expect(addressesOf(u.cc)).toEqual(["cc@example.com"]);
  });
});

describe("malformed URLs", () => {
  const S = "s3cr3t-Value";
  const cases: [string, ApprisePart, string][] = [
    ["", "scheme", ""],
    ["https://graph.microsoft.com/v1.0/me", "scheme", ""],
    ["mailto://user@example.com", "scheme", ""],
    [`o365:user@example.com/t/c/${S}`, "scheme", S],
    ["o365://", "source", ""],
    [`o365://not-an-address/t/c/${S}`, "source", S],
    ["o365://user@example.com", "tenant_id", ""],
    ["o365://user@example.com/t-1", "client_id", ""],
    ["o365://user@example.com/t-1/c-1", "client_secret", ""],
    ["o365://you@outlook.com/c-1/", "refresh_token", ""],
    [`o365://user@example.com/t!/c/${S}`, "tenant_id", S],
    [`o365://user@example.com/t/c_id/${S}`, "client_id", S],
    [`o365://user@example.com/t%ZZ/c/${S}`, "tenant_id", S],
    [`o365://user@example.com/t/c/${S} and more`, "url", S],
    [`o365://user@example.com/t/c/${S}#frag`, "url", S],
    [`o365://user@example.com/t/c/${S}?mode=bogus`, "mode", S],
    [`o365://ab-cd:user@example.com/c/${S}?mode=personal`, "mode", S],
    [`o365://you@outlook.com/c/${S}?tenant=t`, "tenant_id", S],
    [`o365://1a2b3c4d-0001-4a5b-8c9d-000000000001/c/${S}?mode=personal`, "source", S],
    [`o365://user@example.com/t/c/${S}?format=pdf`, "format", S],
    [`o365://user@example.com/t/c/${S}?savesent=maybe`, "savesent", S],
    [`o365://user@example.com/t/c/${S}?cc=not-an-address`, "cc", S],
    [`o365://user@example.com/t/c/${S}?bcc=a@example.com,,bad`, "bcc", S],
    [`o365://user@example.com/t/c/${S}?reply_to=@@`, "reply_to", S],
    [`o365://user@example.com/t/c/${S}?to=friend`, "to", S],
    [`o365://user@example.com/t/c/${S}?unknown=1`, "query", S],
    [`o365://user@example.com/t/c/rt/${S}@example.com/zz`, "client_secret", S],
    [`o365://user@example.com/t/c/${S}/extra?oauth_secret=${S}2`, "client_secret", S],
    [`o365://user@example.com/t/c/${S}%zz`, "client_secret", S],
  ];

  it(`gives ${cases.length} typed errors, each naming its part and quoting no secret`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const [url, part, secret] of cases) {
      let error: unknown;
      try {
        parseAppriseUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppriseUrlError);
      const e = error as AppriseUrlError;
      expect({ url, part: e.part, code: e.code, property: e.property }).toEqual({
        url,
        part,
        code: "ArgumentInvalid",
        property: "connection.url",
      });
      expect(e.message).toContain(`part ${part}`);
      if (secret) expect(e.message).not.toContain(secret);
      expect(e.message).not.toContain(url.slice(7) || "\u0000");
    }
  });
});

describe("Send Notification's format", () => {
  const url = parseAppriseUrl("o365://noreply@example.com/ab-cd-ef-gh/zz-yy-xx-ww/secret/?format=markdown");

  it("falls back to the URL's format only when none is given", () => {
    for (const format of [undefined, null, ""])
      expect(composeNotification({ body: "*hi*", format }, url).format).toBe("markdown");
    expect(composeNotification({ body: "*hi*", format: "HTML" }, url).format).toBe("html");
  });

  it("refuses a format given as something else, 0, NaN and false included", () => {
    for (const format of [0, Number.NaN, false, "zero", { a: 1 }])
      expect(() => composeNotification({ body: "x", format }, url)).toThrow(
        expect.objectContaining({ code: "ArgumentInvalid", property: "format" }),
      );
  });
});
