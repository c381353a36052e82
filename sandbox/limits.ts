/**
 * Graph's front door refuses request bodies of "about 4 MB" (413). A file just under 3 MB, which
 * Graph documents as fine in one POST, is 4 MiB once base64-encoded, so the limit sits a little above.
 */
export const GRAPH_BODY_LIMIT = 4 * 1024 * 1024 + 256 * 1024;
