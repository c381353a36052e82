/**
 * Graph's `Prefer` header as every request of the component sends it. Each request asks for immutable ids
 * (`IdType="ImmutableId"`): an id Graph hands out then stays valid when the message moves to another folder and, for
 * a draft, names its copy in Sent Items once it is sent, so an id a flow stored keeps working. The call's own
 * preferences (a page size, a time zone, a body type) are kept and joined in the one header; a call that names an
 * IdType itself (Raw Request's headers) keeps its own.
 */

export const IMMUTABLE_IDS = 'IdType="ImmutableId"';

/** The call's headers with the component's preferences merged into one Prefer header. */
export function withPreferences(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = { ...headers };
  const key = Object.keys(out).find((k) => k.toLowerCase() === "prefer");
  const given = key ? out[key].trim() : "";
  if (key) delete out[key];
  if (/(^|[,;\s])IdType\s*=/i.test(given)) out.Prefer = given;
  else out.Prefer = given ? `${given}, ${IMMUTABLE_IDS}` : IMMUTABLE_IDS;
  return out;
}
