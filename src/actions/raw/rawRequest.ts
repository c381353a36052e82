import { action, input } from "@prismatic-io/spectral";
import { graphFor } from "../../graph/client";
import * as raw from "../../graph/raw";
import { cleanChoice, cleanWholeNumber } from "../../inputs/clean";
import { connectionInput, picklist } from "../../inputs/common";
import { METHODS, RESPONSE_TYPES, readRawRequest, readRawRetries } from "../../inputs/rawRequest";

/**
 * Raw Request, on the one road: the path is relative to the connection's Graph root and version,
 * so the token only ever goes to Graph; throttling is ridden out as for every action.
 */
export const rawRequest = action({
  display: {
    label: "Raw Request",
    description:
      "Send a raw HTTP request to Microsoft Graph (v1.0) with the connection's token, which never goes elsewhere. " +
      "429, 503 and 504 are always ridden out, as for every action. The output is the answer (binary as file data).",
  },
  inputs: {
    connection: connectionInput,
    url: input({
      label: "URL",
      type: "string",
      required: true,
      comments:
        "Input the path only (/me/calendars), a query too; the connection's Graph root and version are added " +
        "(https://graph.microsoft.com/v1.0). The path is decoded, normalised and then checked: absolute URLs, //, " +
        "empty segments, backslashes, fragments and .. in any encoding (%2e%2e, %252e%252e) are refused. Query " +
        "values are taken as typed and encoded once: '+' is a plus sign.",
    }),
    method: input({
      label: "Method",
      type: "string",
      model: picklist(METHODS),
      default: "GET",
      required: true,
      clean: cleanChoice("method", METHODS),
    }),
    data: input({
      label: "Data",
      type: "code",
      language: "json",
      required: false,
      placeholder: '{ "displayName": "Projects" }',
      comments: "The HTTP body payload to send to the URL, as JSON; not with Form Data or File Data.",
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
    queryParams: input({
      label: "Query Parameter",
      type: "string",
      collection: "keyvaluelist",
      required: false,
      comments: "Query parameters, encoded once ('+' is a plus sign); one named as in the URL's own query wins.",
    }),
    headers: input({
      label: "Header",
      type: "string",
      collection: "keyvaluelist",
      required: false,
      comments: "Request headers, e.g. Prefer; Authorization is refused (the connection supplies the token).",
    }),
    responseType: input({
      label: "Response Type",
      type: "string",
      model: picklist(RESPONSE_TYPES),
      default: "json",
      required: false,
      comments: "How to read the answer: JSON, text, or binary (file data: its data and content type).",
      clean: cleanChoice("responseType", RESPONSE_TYPES),
    }),
    timeout: input({
      label: "Timeout",
      type: "string",
      required: false,
      comments: "The most milliseconds to wait for the response (0 to 600000; 0 or empty: no timeout of its own).",
      clean: cleanWholeNumber("timeout", 0, 600_000),
    }),
    retryDelayMS: input({
      label: "Retry Delay (ms)",
      type: "string",
      default: "0",
      required: false,
      comments: "Milliseconds to wait between retries (0 to 60000); ignored with Use Exponential Backoff.",
      clean: cleanWholeNumber("retryDelayMS", 0, 60_000),
    }),
    retryAllErrors: input({
      label: "Retry On All Errors",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Retry on any error; otherwise only on 5xx and network errors. 429/503/504 are always ridden out.",
    }),
    maxRetries: input({
      label: "Max Retry Count",
      type: "string",
      default: "0",
      required: false,
      comments: "How many times to retry a failed request (0 to 10), besides riding out 429, 503 and 504.",
      clean: cleanWholeNumber("maxRetries", 0, 10),
    }),
    useExponentialBackoff: input({
      label: "Use Exponential Backoff",
      type: "boolean",
      default: "false",
      required: false,
      comments: "Wait 1 s before the first retry, doubling each time; Retry Delay is then ignored.",
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
