import { graphPath, GraphPath } from "../../../src/graph/path";
import { rawPath } from "../../../src/graph/raw";
import { itemRef } from "../../../src/inputs/ids";

/** The one way to make a Graph path: every interpolated value encoded exactly once, paths inserted as they are. */

describe("graphPath", () => {
  it("encodes each interpolated value once, and inserts a GraphPath as it is", () => {
    const mailbox = graphPath`/users/${"adele vance@contoso.com"}`;
    expect(String(mailbox)).toBe("/users/adele%20vance%40contoso.com");
    const message = graphPath`${mailbox}/messages/${itemRef("messageId", " AAMk+x= ")}/attachments`;
    // The mailbox's encoding is kept (not encoded twice); the checked id is trimmed, its "+" and "=" encoded.
    expect(String(message)).toBe("/users/adele%20vance%40contoso.com/messages/AAMk%2Bx%3D/attachments");
    expect(JSON.stringify({ path: message })).toBe(`{"path":"${String(message)}"}`);
  });

  it("keeps an interpolated value inside its segment: no query, fragment or extra segment", () => {
    const path = String(graphPath`/me/messages/${"x?$select=id#frag/../y"}`);
    expect(path).toBe("/me/messages/x%3F%24select%3Did%23frag%2F..%2Fy");
    expect(path.split("/")).toHaveLength(4);
  });

  it.each(["", ".", ".."])("refuses %j as a segment, which would drop or climb a level", (value) => {
    expect(() => graphPath`/me/messages/${value}`).toThrow(/cannot be/);
  });

  it("is the only thing that makes a path: plain text is not a GraphPath", () => {
    expect(graphPath`/me` instanceof GraphPath).toBe(true);
    expect(("/me" as unknown) instanceof GraphPath).toBe(false);
  });
});

describe("Raw Request's path", () => {
  it("keeps a path under the Graph root, trimmed, with its query decoded for the road to encode once", () => {
    const { path, query } = rawPath("  /me/messages?$top=5&$filter=subject%20eq%20'Q%26A' ");
    expect(String(path)).toBe("/me/messages");
    expect({ ...query }).toEqual({ $top: "5", $filter: "subject eq 'Q&A'" });
    expect(String(rawPath("/users/a%40b.com/mailFolders('inbox')/").path)).toBe("/users/a@b.com/mailFolders('inbox')");
  });

  it.each([
    "https://evil.example/steal",
    "//evil.example/steal",
    "/users/../../x",
    "/me/messages#x",
    "/me/ messages",
    "",
    "/%2e%2e/%2e%2e/fuzz-outside",
    "/me/%2e%2e\\%2e%2e\\fuzz-outside",
    "/users\\..\\..\\fuzz-outside",
    "/me/%252e%252e/x",
    "/me/a%2Fb",
    "/me/a%5Cb",
    "/me//messages",
    "/me/%zz",
    "/me/a\uD800b",
  ])("refuses %j with an ArgumentError naming the input", (url) => {
    expect(() => rawPath(url)).toThrow(expect.objectContaining({ name: "ArgumentError", property: "url" }));
  });
});
