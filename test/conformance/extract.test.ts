import { examplesOfPage, statedStatuses } from "../../tools/graph-examples/page";
import { parseLenientJson } from "../../tools/graph-examples/lenientJson";
import { placeholderUrl } from "../../tools/graph-examples/placeholders";
import { loadSchemaTypes } from "../../tools/graph-examples/schema";

/**
 * The extraction (reference page -> test vector) on a small page written here, so that what the
 * conformance suite replays is itself checked.
 */

const schema = loadSchemaTypes(`<Schema Namespace="microsoft.graph">
  <EntityType Name="entity"><Property Name="id" Type="Edm.String" /></EntityType>
  <EntityType Name="message" BaseType="graph.entity"><Property Name="subject" Type="Edm.String" /></EntityType>
</Schema>`);

const fence = "```";
const page = `# message: demo

## Permissions
|Permission type | Permissions |
|:--|:--|
|Application | Not supported. |

## Response
If successful, this method returns a \`201 Created\` response code.

## Example
<!-- {
  "blockType": "request",
  "name": "demo_request",
}-->
${fence}http
POST https://graph.microsoft.com/v1.0/me/mailFolders('AAMkAGI2=')/messages
Content-type: application/json
Authorization: Bearer abc

{
  "subject": "Hello",
  "toRecipients": [{ "emailAddress": { "address": "meganb@contoso.com" } }],
  "receivedDateTime": "datetime-value",
  "body": { "contentType": "", "content": "Hi" } // the body
}
${fence}
# [C#](#tab/csharp)

<!-- { "blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.message", "isCollection": true } -->
${fence}http
HTTP/1.1 200 OK
Content-type: application/json

{
  "value": [
    { "id": "AAMk=", "subject": "s", "isRead": false, "notInSchema": 1 },
    ...
  ]
}
${fence}

<!-- { "blockType": "request", "name": "beta_one" } -->
${fence}http
GET https://graph.microsoft.com/beta/me/messages
${fence}
<!-- { "blockType": "response" } -->
${fence}http
HTTP/1.1 200 OK
${fence}
`;

describe("extracting a reference page", () => {
  const result = examplesOfPage("api-reference/v1.0/api/message-demo.md", page, "message", schema);
  const [example] = result.examples;

  it("keeps the v1.0 example and drops the beta one", () => {
    expect(result.examples.map((e) => e.id)).toEqual(["message-demo#demo_request"]);
  });

  it("records method, placeholder URL, the headers that matter, status and the page's facts", () => {
    expect(example).toMatchObject({
      method: "POST",
      url: "{graph}/me/mailFolders('{mailFolder}')/messages",
      headers: { "Content-Type": "application/json" },
      status: 200,
      statedStatuses: [201],
      delegatedOnly: true,
      responseType: "message",
    });
  });

  it("keeps the body's casing and types, with placeholders for addresses and placeholder values", () => {
    expect(example.body).toEqual({
      subject: "Hello",
      toRecipients: [{ emailAddress: { address: "{address1}" } }],
      receivedDateTime: "{dateTime}",
      body: { content: "Hi" },
    });
  });

  it("documents the first item's properties the schema declares, with their JSON types", () => {
    expect(example.shape).toEqual({ top: { value: "array" }, item: { id: "string", subject: "string" } });
    expect(result.undeclared).toEqual([
      "message-demo#demo_request: value[0].isRead",
      expect.stringMatching(/notInSchema/),
    ]);
  });
});

describe("placeholders in documented URLs", () => {
  it.each([
    [
      "https://graph.microsoft.com/v1.0/me/messages/AAMk=/attachments/AAMk2=",
      "{graph}/me/messages/{message}/attachments/{attachment}",
    ],
    [
      "https://graph.microsoft.com/v1.0/me/mailFolders/inbox/messageRules/AQAA=",
      "{graph}/me/mailFolders/inbox/messageRules/{messageRule}",
    ],
    [
      "https://graph.microsoft.com/v1.0/users/{id | userPrincipalName}/messages/delta",
      "{graph}/users/{user}/messages/delta",
    ],
    [
      "https://graph.microsoft.com/v1.0/me/messages/{id}/attachments/createUploadSession",
      "{graph}/me/messages/{message}/attachments/createUploadSession",
    ],
    ["https://graph.microsoft.com/v1.0/places/microsoft.graph.room", "{graph}/places/microsoft.graph.room"],
    [
      "https://graph.microsoft.com/v1.0/me/calendarView/delta?$skiptoken=abc&x=1",
      "{graph}/me/calendarView/delta?$skiptoken={skiptoken}&x=1",
    ],
  ])("%s", (documented, expected) => {
    expect(placeholderUrl(documented)).toBe(expected);
  });
});

it("reads the JSON of pages written for people: comments, ellipses, trailing commas, non-breaking spaces", () => {
  expect(parseLenientJson('{ "a": [1, 2, ...], // note\n "b":\u00a0"x // not a comment", }')).toEqual({
    a: [1, 2],
    b: "x // not a comment",
  });
  expect(parseLenientJson('{ "size": {size} }')).toBeUndefined();
});

it("reads the success statuses a page's Response section states", () => {
  expect(statedStatuses("## Response\nIf successful, this method returns `204 No Content`.\n## Example\n")).toEqual([
    204,
  ]);
});
