import type { Example } from "../../tools/graph-examples/types";
import type { Answer } from "./client";
import { judge } from "./compare";
import type { IssueExample } from "./issueChecks";

/** The judgement (answer -> verdict) on answers written here, so that what the conformance suite counts is checked. */

describe("judging an answer", () => {
  const example: Example = {
    id: "p#e",
    file: "p.md",
    name: "e",
    resource: "message",
    method: "GET",
    url: "{graph}/me/messages",
    status: 200,
    shape: {
      top: { "@odata.context": "string", "@odata.nextLink": "string", value: "array" },
      item: { id: "string", size: "number", x: "null" },
    },
  };
  const answer = (status: number, json: unknown): Answer => ({ status, json, text: "", headers: new Headers() });

  it("passes the documented properties with their types (a nextLink is optional, null fits any type)", () => {
    const verdict = judge(example, answer(200, { "@odata.context": "c", value: [{ id: "1", size: null, x: true }] }));
    expect(verdict).toEqual({ statusOk: true, shapeOk: true });
  });

  it("names a missing property, a wrong type and an empty collection", () => {
    expect(judge(example, answer(200, { value: [{ id: "1", size: 1, x: 1 }] }))).toMatchObject({
      shapeOk: false,
      cause: "missing property",
      reason: "missing @odata.context",
    });
    expect(judge(example, answer(200, { "@odata.context": "c", value: [{ id: 1, size: 1, x: 1 }] }))).toMatchObject({
      cause: "wrong type",
      reason: "value[0].id is number, not string",
    });
    expect(judge(example, answer(200, { "@odata.context": "c", value: [] }))).toMatchObject({
      cause: "no item to compare",
    });
  });

  it("fails status and shape together, telling a missing route from a stricter check", () => {
    const missing = { error: { code: "BadRequest", message: "Resource not found for the segment 'messages'." } };
    expect(judge(example, answer(400, missing))).toMatchObject({
      statusOk: false,
      shapeOk: false,
      cause: "missing route",
    });
    const strict = { error: { code: "RequestBodyRead", message: "Cannot convert the literal 'false'." } };
    expect(judge(example, answer(400, strict))).toMatchObject({ cause: "stricter than Graph" });
  });
});

describe("the checks of vectors written from the issue", () => {
  const vector: IssueExample = {
    id: "issue-12#v",
    file: "issue-12",
    name: "v",
    resource: "issue",
    method: "GET",
    url: "{graph}/me/messages/{message}/attachments/{attachment}?$select=name",
    status: 429,
    shape: { top: { error: "object" } },
    absent: ["contentBytes"],
    patterns: { "error.code": "^TooManyRequests$", "@odata.context": "attachments" },
    expectHeaders: { "Retry-After": "^\\d+$" },
  };
  const answer = (json: unknown, headers: Record<string, string>): Answer => ({
    status: 429,
    json,
    text: "",
    headers: new Headers(headers),
  });

  it("passes an answer that has what they ask and lacks what must be absent", () => {
    const ok = { "@odata.context": "x/attachments/$entity", error: { code: "TooManyRequests" } };
    expect(judge(vector, answer(ok, { "Retry-After": "2" }))).toEqual({ statusOk: true, shapeOk: true });
  });

  it("names a present property that must be absent, a value off its pattern and a missing header", () => {
    const bad = { "@odata.context": "x/attachments", contentBytes: "AA==", error: { code: "ApplicationThrottled" } };
    expect(judge(vector, answer(bad, {}))).toMatchObject({
      shapeOk: false,
      cause: "wrong value",
      reason:
        "contentBytes should be absent; error.code is ApplicationThrottled, not /^TooManyRequests$/; " +
        "header Retry-After is null, not /^\\d+$/",
    });
  });
});
