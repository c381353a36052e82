import { action, input } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as raw from "../../graph/raw";
import { connectionInput } from "../../inputs/common";
import { METHODS, RESPONSE_TYPES, readRawRequest, readRawRetries } from "../../inputs/rawRequest";

const picklist = (values: readonly string[]) => values.map((v) => ({ label: v, value: v }));

/**
 * Raw Request, on the one road: the path is relative to the connection's Graph root and version,
 * so the token only ever goes to Graph; throttling is ridden out as for every action.
 */
export const rawRequest = action({
  display: { label: "Raw Request", description: "Send a raw HTTP request to Microsoft Graph for Outlook." },
  inputs: {
    connection: connectionInput,
    url: input({
      label: "URL",
      type: "string",
      required: true,
      comments:
        "Input the path only (/me/calendars), a query too; the base URL and version are added " +
        "(https://graph.microsoft.com/v1.0). Query values are taken as typed: '+' is a plus sign.",
    }),
    method: input({ label: "Method", type: "string", model: picklist(METHODS), default: "GET", required: true }),
    data: input({
      label: "Data",
      type: "code",
      language: "json",
      required: false,
      comments: "The HTTP body payload to send to the URL.",
    }),
    formData: input({
      label: "Form Data",
      type: "string",
      collection: "keyvaluelist",
      required: false,
      comments: "The Form Data to be sent as a multipart form upload.",
    }),
    fileData: input({
      label: "File Data",
      type: "data",
      collection: "keyvaluelist",
      required: false,
      comments: "File Data to be sent as a multipart form upload.",
    }),
    fileDataFileNames: input({
      label: "File Data File Names",
      type: "string",
      collection: "keyvaluelist",
      required: false,
      comments: "File names to apply to the file data inputs. Keys must match the file data keys above.",
    }),
    queryParams: input({ label: "Query Parameter", type: "string", collection: "keyvaluelist", required: false }),
    headers: input({ label: "Header", type: "string", collection: "keyvaluelist", required: false }),
    responseType: input({
      label: "Response Type",
      type: "string",
      model: picklist(RESPONSE_TYPES),
      default: "json",
      required: false,
    }),
    timeout: input({
      label: "Timeout",
      type: "string",
      required: false,
      comments: "The most milliseconds to wait for the response.",
    }),
    retryDelayMS: input({ label: "Retry Delay (ms)", type: "string", default: "0", required: false }),
    retryAllErrors: input({
      label: "Retry On All Errors",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Retry on any error; otherwise only on 5xx and network errors. 429/503/504 are always ridden out.",
    }),
    maxRetries: input({ label: "Max Retry Count", type: "string", default: "0", required: false }),
    useExponentialBackoff: input({
      label: "Use Exponential Backoff",
      type: "boolean",
      default: "false",
      required: false,
    }),
  },
  perform: async (_context, params) => {
    const { path, query: inUrl } = raw.rawPath(params.url);
    const { binary, query, ...request } = readRawRequest(params);
    const graph = graphFor(params.connection);
    // The URL's own query and Query Parameter (which wins on the same name) travel encoded once, by the road.
    const merged = Object.assign(Object.create(null), inUrl, query) as Record<string, string>;
    const result = await raw.send(graph, path, { ...request, query: merged, extraRetries: readRawRetries(params) });
    if (binary) return { data: { data: result as Buffer, contentType: "application/octet-stream" } };
    return { data: result ?? null };
  },
});
