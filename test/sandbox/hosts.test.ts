import { request } from "node:https";
import type { LookupFunction } from "node:net";
import {
  ConfidentialClientApplication,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from "@azure/msal-node";
import { DEFAULT_APP_ID, DEFAULT_APP_SECRET, DEFAULT_TENANT_ID, USERS, type Sandbox } from "../../sandbox";
import { startSandbox } from "./support";

/**
 * A tool that hard-codes Microsoft's host names reaches the sandbox through the hosts file.
 * Here the "hosts file" is a DNS lookup that answers loopback for every name, so nothing can
 * leave this machine: the requests name login.microsoftonline.com, graph.microsoft.com and
 * outlook.office.com, and the sandbox's certificate must be valid for each.
 */

const loopback: LookupFunction = (_hostname, options, callback) => {
  if ((options as { all?: boolean }).all)
    (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [
      { address: "127.0.0.1", family: 4 },
    ]);
  else callback(null, "127.0.0.1", 4);
};

function mapped(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, lookup: loopback }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/** msal-node's documented network extension point, resolving every host to loopback. */
const networkClient: INetworkModule = {
  async sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const res = await mapped(url, { headers: options?.headers });
    return { status: res.status, headers: res.headers as Record<string, string>, body: JSON.parse(res.body) as T };
  },
  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const res = await mapped(url, { method: "POST", headers: options?.headers, body: options?.body });
    return { status: res.status, headers: res.headers as Record<string, string>, body: JSON.parse(res.body) as T };
  },
};

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.stop());

it("answers as login.microsoftonline.com, graph.microsoft.com and (for uploads) outlook.office.com", async () => {
  const port = sb.port;
  const cca = new ConfidentialClientApplication({
    auth: {
      clientId: DEFAULT_APP_ID,
      clientSecret: DEFAULT_APP_SECRET,
      authority: `https://login.microsoftonline.com:${port}/${DEFAULT_TENANT_ID}`,
      knownAuthorities: [`login.microsoftonline.com:${port}`],
    },
    system: { networkClient },
  });
  const { accessToken } = (await cca.acquireTokenByClientCredential({
    scopes: ["https://graph.microsoft.com/.default"],
  }))!;
  expect(sb.requests.filter((r) => r.kind === "identity").length).toBeGreaterThanOrEqual(2);

  const graph = `https://graph.microsoft.com:${port}/v1.0/users/${USERS.alex.upn}`;
  const auth = { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json" };
  for (let i = 0; i < 3; i++) {
    const sent = await mapped(`https://graph.microsoft.com:${port}/v1.0/users/${USERS.adele.upn}/sendMail`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({
        message: { subject: `mapped ${i}`, toRecipients: [{ emailAddress: { address: USERS.alex.upn } }] },
      }),
    });
    expect(sent.status).toBe(202);
  }
  const page = JSON.parse((await mapped(`${graph}/messages?$top=2`, { headers: auth })).body);
  expect(page["@odata.context"]).toBe(
    `https://graph.microsoft.com:${port}/v1.0/$metadata#users('${encodeURIComponent(USERS.alex.upn)}')/messages`,
  );
  expect(page["@odata.nextLink"]).toBe(
    `https://graph.microsoft.com:${port}/v1.0/users/${USERS.alex.upn}/messages?$top=2&$skip=2`,
  );

  const draft = JSON.parse(
    (await mapped(`${graph}/messages`, { method: "POST", headers: auth, body: JSON.stringify({ subject: "d" }) })).body,
  );
  const session = JSON.parse(
    (
      await mapped(`${graph}/messages/${draft.id}/attachments/createUploadSession`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify({ AttachmentItem: { attachmentType: "file", name: "a", size: 3 * 1024 * 1024 } }),
      })
    ).body,
  );
  expect(new URL(session.uploadUrl).host).toBe(`outlook.office.com:${port}`);
  const chunk = await mapped(session.uploadUrl, {
    method: "PUT",
    headers: { "Content-Range": `bytes 0-1023/${3 * 1024 * 1024}` },
    body: Buffer.alloc(1024),
  });
  expect(chunk.status).toBe(200);
});
