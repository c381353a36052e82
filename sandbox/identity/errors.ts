import type { Clock } from "../clock";
import { IdentityError } from "../http";
import { guid } from "../ids";

/**
 * Entra's error answers: {"error","error_description":"AADSTSnnnn: ...","error_codes",...}, and
 * the AADSTS errors more than one endpoint raises.
 */

export function identityErrorBody(
  err: IdentityError,
  requestId: string,
  clock: Clock,
): { status: number; body: Record<string, unknown> } {
  const timestamp = clock.iso().replace("T", " ");
  const correlation = guid();
  const code = err.codes[0];
  const trailer = `\r\nTrace ID: ${requestId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`;
  return {
    status: err.status,
    body: {
      error: err.error,
      error_description: `AADSTS${code}: ${err.description}${trailer}`,
      error_codes: err.codes,
      timestamp,
      trace_id: requestId,
      correlation_id: correlation,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      ...err.extra,
    },
  };
}

/** AADSTS900144: a required form field is missing. */
export const missingParameter = (name: string) =>
  new IdentityError(
    400,
    "invalid_request",
    [900144],
    `The request body must contain the following parameter: '${name}'.`,
  );

/** AADSTS90002: the tenant segment names no tenant. */
export function tenantNotFound(tenant: string): IdentityError {
  return new IdentityError(
    400,
    "invalid_tenant",
    [90002],
    `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the ` +
      "correct cloud. Check with your subscription administrator, this may happen if there are no active " +
      "subscriptions for the tenant.",
  );
}

/** AADSTS700016: no such application in the tenant. */
export function appNotFound(clientId: string, directory: string): IdentityError {
  return new IdentityError(
    400,
    "unauthorized_client",
    [700016],
    `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if ` +
      "the application has not been installed by the administrator of the tenant or consented to by any user in " +
      "the tenant. You may have sent your authentication request to the wrong tenant.",
  );
}

/** AADSTS7000218: a confidential client sent no credential. */
export function credentialMissing(): IdentityError {
  return new IdentityError(
    401,
    "invalid_client",
    [7000218],
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  );
}

/** AADSTS70000: a code or device code that was never issued (or not to this client). */
export function grantInvalid(): IdentityError {
  return new IdentityError(400, "invalid_grant", [70000], "Provided grant is invalid or malformed.");
}

/** AADSTS50027 and friends: a client assertion that cannot be used. */
export function invalidClient(codes: number[], description: string): IdentityError {
  return new IdentityError(401, "invalid_client", codes, description);
}
