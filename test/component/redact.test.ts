import { redact, registerSecret } from "../../src/redact";
import { scrubError } from "../../src/errors";

describe("redact", () => {
  it("replaces registered secrets, JWTs, bearer tokens, private keys and secret form fields", () => {
    registerSecret("s3cr3t-value-1");
    const text = [
      "secret s3cr3t-value-1 in text",
      "token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4eHh4eHh4In0.c2lnbmF0dXJlLXZhbHVl",
      "Authorization: Bearer abcdefghijklmnop",
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----",
      "client_secret=abc123&refresh_token=def456&scope=x",
    ].join("\n");
    const out = redact(text);
    for (const leaked of [
      "s3cr3t-value-1",
      "eyJhbGciOiJSUzI1NiJ9",
      "abcdefghijklmnop",
      "MIIEvQIBADANBg",
      "abc123",
      "def456",
    ])
      expect(out).not.toContain(leaked);
    expect(out).toContain("scope=x");
  });

  it("ignores values too short to be secrets, so it never shreds ordinary text", () => {
    registerSecret("ab");
    expect(redact("a b ab abc")).toBe("a b ab abc");
  });

  it("scrubs errors leaving the component, stack included", () => {
    registerSecret("another-secret-2");
    const e = scrubError(new Error("failed with another-secret-2")) as Error;
    expect(e.message).toBe("failed with [redacted]");
    expect(e.stack).not.toContain("another-secret-2");
    expect((scrubError("plain another-secret-2") as Error).message).toBe("plain [redacted]");
  });
});
