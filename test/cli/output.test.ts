import { registerSecret, toJson } from "../../cli/output";
import { progressLine } from "../../cli/progress";
import { errorReport } from "../../cli/errors";

/** What the runner prints is scrubbed: known secrets, secret fields, tokens in URLs, JWTs, private keys. */

it("blanks secret fields and tokens wherever they sit in a result", () => {
  registerSecret("Sbx8Q~registered-secret-value");
  const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGVsZSJ9.c2lnbmF0dXJl";
  const text = toJson(
    {
      value: [{ id: "s1", clientState: "a-client-state-value", notificationUrl: "https://example.test/hook" }],
      token: { access_token: "opaque-access", refresh_token: "opaque-refresh" },
      uploadUrl: "https://localhost:1/upload/x?authtoken=abcdef123456&other=1",
      note: `the secret is Sbx8Q~registered-secret-value, the token ${jwt}`,
      key: "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----",
      file: Buffer.from("hi"),
    },
    false,
  );
  for (const secret of [
    "a-client-state-value",
    "opaque-access",
    "opaque-refresh",
    "abcdef123456",
    "Sbx8Q~registered-secret-value",
    "eyJhbGciOiJSUzI1NiJ9",
    "MIIE",
  ])
    expect(text).not.toContain(secret);
  const parsed = JSON.parse(text) as Record<string, unknown>;
  expect(parsed.uploadUrl).toBe("https://localhost:1/upload/x?authtoken=[redacted]&other=1");
  expect(parsed.file).toEqual({ base64: "aGk=", size: 2 });
  expect((parsed.value as { notificationUrl: string }[])[0].notificationUrl).toBe("https://example.test/hook");
});

it("reports an error's code, property and Graph fields, never its stack", () => {
  const error = Object.assign(new Error("messageId: Graph answered 404"), {
    name: "GraphServiceError",
    code: "GraphServiceError",
    property: "messageId",
    status: 404,
    graphCode: "ErrorItemNotFound",
    requestId: "r-1",
  });
  expect(errorReport(error)).toEqual({
    code: "GraphServiceError",
    type: "GraphServiceError",
    message: "messageId: Graph answered 404",
    property: "messageId",
    status: 404,
    graphCode: "ErrorItemNotFound",
    requestId: "r-1",
  });
});

it("draws progress from counts: requests, the upload in flight as a percentage, then MB sent", () => {
  const mib = 1024 * 1024;
  expect(
    progressLine(
      "sendMessage",
      { requests: 4, uploadedBytes: 8 * mib, upload: { done: 8 * mib, total: 12 * mib } },
      1234,
    ),
  ).toBe("sendMessage: 4 requests, uploading 8.0 MB of 12.0 MB (66%), 1.2 s");
  expect(
    progressLine(
      "sendMessage",
      { requests: 6, uploadedBytes: 12 * mib, upload: { done: 12 * mib, total: 12 * mib } },
      2000,
    ),
  ).toBe("sendMessage: 6 requests, 12.0 MB sent, 2.0 s");
  expect(progressLine("listMailMessages", { requests: 1, uploadedBytes: 0 }, 50)).toBe(
    "listMailMessages: 1 request, 0.1 s",
  );
});
