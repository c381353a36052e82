import { GraphError } from "../../sandbox/http";
import { applyQuery, compileFilter, nextLink } from "../../sandbox/graph/odata";

const MESSAGE = "microsoft.graph.message";
const options = {
  typeName: MESSAGE,
  defaultTop: 10,
  maxTop: 1000,
  defaultOrder: [{ path: ["receivedDateTime"], desc: true }],
  searchText: (m: Record<string, unknown>) => [String(m.subject), String((m.body as { content: string }).content)],
};

/** 30 message-shaped items: alternating read state, three importances, two senders, categories on every third. */
const items = Array.from({ length: 30 }, (_, i) => ({
  id: `m${String(i).padStart(2, "0")}`,
  subject: i % 2 ? `Invoice ${i}` : `Status report ${i}`,
  receivedDateTime: new Date(Date.UTC(2026, 10, 1 + i, 9)).toISOString().replace(".000", ""),
  isRead: i % 2 === 0,
  importance: ["low", "normal", "high"][i % 3],
  hasAttachments: i % 5 === 0,
  from: {
    emailAddress: {
      name: i < 15 ? "Adele Vance" : "Alex Wilber",
      address: i < 15 ? "adelev@contoso.com" : "alexw@contoso.com",
    },
  },
  toRecipients: [
    { emailAddress: { name: "Megan", address: i % 4 === 0 ? "meganb@contoso.com" : "sales@contoso.com" } },
  ],
  categories: i % 3 === 0 ? ["Red category"] : [],
  flag: { flagStatus: i === 7 ? "flagged" : "notFlagged" },
  body: { contentType: "text", content: i === 11 ? "the quarterly budget is attached" : "hello" },
}));

const q = (s: string) => new URLSearchParams(s);
const ids = (s: string) => applyQuery(items, q(s), options).items.map((m) => m.id);

function graphError(fn: () => unknown): GraphError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GraphError) return e;
    throw e;
  }
  throw new Error("expected a GraphError");
}

describe("$filter", () => {
  it.each([
    ["isRead eq false", 15],
    ["isRead ne false", 15],
    ["importance eq 'HIGH'", 10],
    ["subject eq 'invoice 3'", 1],
    ["receivedDateTime ge 2026-11-25T00:00:00Z", 6],
    ["receivedDateTime lt 2026-11-03T00:00:00Z and isRead eq true", 1],
    ["(importance eq 'low' or importance eq 'high') and not (isRead eq true)", 10],
    ["startswith(subject,'Status')", 15],
    ["endswith(subject, '29')", 1],
    ["contains(subject,'REPORT 1')", 5],
    ["from/emailAddress/address eq 'alexw@contoso.com'", 15],
    ["flag/flagStatus eq 'flagged'", 1],
    ["categories/any(c:c eq 'red category')", 10],
    ["toRecipients/any(r:r/emailAddress/address eq 'meganb@contoso.com')", 8],
    ["toRecipients/all(r:startswith(r/emailAddress/address,'sales'))", 22],
    ["hasAttachments eq true and importance ne 'normal'", 4],
  ])("%s matches %i", (filter, count) => {
    expect(applyQuery(items, q(`$filter=${encodeURIComponent(filter)}&$top=100`), options).total).toBe(count);
  });

  it.each([
    ["subject eq", "BadRequest"],
    ["subject eq 'unterminated", "BadRequest"],
    ["(isRead eq true", "BadRequest"],
    ["isRead eq true )", "BadRequest"],
    ["nosuch eq 1", "RequestBroker--ParseUri"],
    ["from/emailAddress/nosuch eq 'x'", "RequestBroker--ParseUri"],
    ["subject/any(x:x eq 'a')", "BadRequest"],
    ["subject eq #", "BadRequest"],
  ])("refuses %s with %s", (filter, code) => {
    const e = graphError(() => compileFilter(filter, MESSAGE));
    expect([e.status, e.code]).toEqual([400, code]);
  });

  it("never throws anything but a GraphError, whatever the input", () => {
    const tokens = [
      "subject",
      "eq",
      "'a'",
      "(",
      ")",
      "and",
      "or",
      "not",
      "/",
      ",",
      ":",
      "any",
      "c",
      "startswith",
      "1",
      "2026-01-01",
      "'",
      "true",
      "null",
      "from",
      "emailAddress",
      "$",
      "-",
      "categories",
    ];
    let seed = 42;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 2000; i++) {
      const expr = Array.from({ length: 1 + rand(8) }, () => tokens[rand(tokens.length)]).join(rand(2) ? " " : "");
      try {
        const test = compileFilter(expr, MESSAGE);
        items.forEach((m) => test(m));
      } catch (e) {
        expect(e).toBeInstanceOf(GraphError);
      }
    }
  });
});

describe("$orderby, $select, $top, $skip, $count", () => {
  it("sorts by several keys, stably, with the default order otherwise", () => {
    expect(ids("$orderby=importance asc,receivedDateTime desc&$top=4")).toEqual(["m29", "m26", "m23", "m20"]);
    expect(ids("$top=2")).toEqual(["m29", "m28"]);
    expect(ids("$orderby=from/emailAddress/name&$top=1")).toEqual(["m00"]);
  });

  it("pages with $top and $skip and says where the next page starts", () => {
    const first = applyQuery(items, q("$top=12"), options);
    expect([first.items.length, first.total, first.nextSkip]).toEqual([12, 30, 12]);
    const last = applyQuery(items, q("$top=12&$skip=24"), options);
    expect([last.items.length, last.nextSkip]).toEqual([6, undefined]);
  });

  it("projects $select onto the named properties plus id", () => {
    expect(applyQuery(items, q("$select=subject,isRead&$top=1"), options).items).toEqual([
      { id: "m29", subject: "Invoice 29", isRead: false },
    ]);
  });

  it.each([
    ["$top=0", "BadRequest"],
    ["$top=1001", "BadRequest"],
    ["$top=ten", "BadRequest"],
    ["$skip=-1", "BadRequest"],
    ["$select=subject,bogus", "RequestBroker--ParseUri"],
    ["$orderby=bogus", "RequestBroker--ParseUri"],
    ["$orderby=subject sideways", "BadRequest"],
  ])("refuses %s", (query, code) => {
    expect(graphError(() => applyQuery(items, q(query), options)).code).toBe(code);
  });

  it("takes option names with or without $, in any case", () => {
    expect(ids("top=1&ORDERBY=subject")).toEqual(["m01"]);
  });
});

describe("Exchange's InefficientFilter rule", () => {
  it.each([
    ["receivedDateTime ge 2026-11-01T00:00:00Z and isRead eq false", "receivedDateTime desc", true],
    ["receivedDateTime ge 2026-11-01T00:00:00Z", "receivedDateTime desc", true],
    ["importance eq 'high' and receivedDateTime ge 2026-11-01T00:00:00Z", "importance,receivedDateTime desc", true],
    ["isRead eq false", "receivedDateTime desc", false],
    ["isRead eq false and receivedDateTime ge 2026-11-01T00:00:00Z", "receivedDateTime desc", false],
    ["receivedDateTime ge 2026-11-01T00:00:00Z and importance eq 'high'", "importance,receivedDateTime", false],
  ])("$filter=%s with $orderby=%s allowed: %s", (filter, orderby, allowed) => {
    const run = () =>
      applyQuery(items, q(`$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent(orderby)}`), options);
    if (allowed) expect(run().total).toBeGreaterThan(0);
    else expect(graphError(run)).toMatchObject({ status: 400, code: "InefficientFilter" });
  });
});

describe("$search", () => {
  it("matches free text, quoted phrases and field terms", () => {
    expect(
      applyQuery(items, q(`$search=${encodeURIComponent('"quarterly budget"')}`), options).items.map((m) => m.id),
    ).toEqual(["m11"]);
    expect(applyQuery(items, q(`$search=${encodeURIComponent('"from:alexw subject:invoice"')}`), options).total).toBe(
      8,
    );
    expect(applyQuery(items, q(`$search=${encodeURIComponent('"to:meganb"')}`), options).total).toBe(8);
  });

  it("refuses $filter, $orderby and $skip alongside, and collections without search", () => {
    expect(graphError(() => applyQuery(items, q("$search=a&$filter=isRead eq true"), options)).code).toBe("BadRequest");
    expect(graphError(() => applyQuery(items, q("$search=a&$orderby=subject"), options)).code).toBe(
      "SearchWithOrderBy",
    );
    expect(graphError(() => applyQuery(items, q("$search=a&$skip=10"), options)).code).toBe("BadRequest");
    expect(graphError(() => applyQuery(items, q("$search=a"), { ...options, searchText: undefined })).code).toBe(
      "BadRequest",
    );
  });

  it("caps results at 1,000", () => {
    const many = Array.from({ length: 1500 }, (_, i) => ({ ...items[0], id: `x${i}` }));
    expect(applyQuery(many, q("$search=hello&$top=1000"), options).total).toBe(1000);
  });
});

it("builds nextLink from the same query with $skip moved on", () => {
  expect(nextLink("https://h:1", "/v1.0/me/messages", q("$top=5&$filter=isRead eq false&$skip=5"), 10)).toBe(
    "https://h:1/v1.0/me/messages?$top=5&$filter=isRead%20eq%20false&$skip=10",
  );
  expect(nextLink("https://h:1", "/v1.0/me/messages", q("$top=5"), 5)).toBe(
    "https://h:1/v1.0/me/messages?$top=5&$skip=5",
  );
});
