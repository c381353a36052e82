import { redact } from "./redact";

/**
 * The component's typed errors, one class per kind of failure a user can fix or must know about,
 * and the error hook every error leaves the component through. Every error has a stable `code`, a
 * message that says what to fix, and, when an input is at fault, the `property` path of that input
 * (e.g. "to", "connection.clientSecret"). documentation.md lists them all.
 */
export abstract class OutlookError extends Error {
  abstract readonly code: string;
  /** The input at fault, when there is one. */
  readonly property?: string;
  /** The step of a multi-step action that failed (e.g. "uploading attachment 'a.pdf'"). */
  step?: string;

  constructor(message: string, property?: string) {
    // The message names the input at fault, so a user reading only the message knows where to look.
    super(property && !message.includes(property) ? `${property}: ${message}` : message);
    this.name = new.target.name;
    this.property = property;
  }
}

/** A required value is missing: null, undefined, or not given. */
export class PropertyNullError extends OutlookError {
  readonly code = "PropertyNull";
  constructor(property: string, hint = "") {
    super(`'${property}' is required but was not given.${hint ? " " + hint : ""}`, property);
  }
}

/** A value is present but empty: "" or []. */
export class PropertyEmptyError extends OutlookError {
  readonly code = "PropertyEmpty";
  constructor(property: string, hint = "") {
    super(`'${property}' cannot be empty.${hint ? " " + hint : ""}`, property);
  }
}

/** A value of the wrong form: not an address, not one of the allowed values, not an id, not a date. */
export class ArgumentError extends OutlookError {
  readonly code = "ArgumentInvalid";
  constructor(property: string, message: string) {
    super(message, property);
  }
}

/**
 * A certificate that cannot be read (not PEM or PFX, no private key, another thumbprint), or a wrong password for it.
 */
export class CertificateError extends OutlookError {
  readonly code = "CertificateInvalid";
  constructor(property: string, message: string) {
    super(message, property);
  }
}

/** An attachment without a name or file data, with a name Outlook refuses, or over 150 MB. */
export class AttachmentError extends OutlookError {
  readonly code = "AttachmentInvalid";
  constructor(property: string, message: string) {
    super(message, property);
  }
}

/**
 * The identity platform refused the credentials (wrong secret, unknown client or tenant...); carries the AADSTS codes.
 */
export class AuthenticationError extends OutlookError {
  readonly code = "AuthenticationFailed";
  constructor(
    message: string,
    readonly aadstsCodes: number[],
    property?: string,
    /** The OAuth error ("invalid_client", "invalid_tenant", ...). */
    readonly oauthError?: string,
  ) {
    super(message, property);
  }

  /** The first AADSTS code, e.g. 7000215 for a wrong client secret. */
  get aadstsCode(): number | undefined {
    return this.aadstsCodes[0];
  }
}

/** Graph answered with an error (unknown id, send-as denied, bad recipient, ...), or could not be reached. */
export class GraphServiceError extends OutlookError {
  readonly code = "GraphServiceError";
  constructor(
    message: string,
    /** Graph's error code, e.g. "ErrorItemNotFound", "ErrorSendAsDenied". */
    readonly graphCode: string,
    readonly status: number,
    readonly requestId?: string,
    property?: string,
  ) {
    super(message, property);
  }
}

/** Graph kept throttling (429/503/504) beyond the retry budget. */
export class ThrottledError extends OutlookError {
  readonly code = "Throttled";
  constructor(
    message: string,
    readonly status: number,
    /** What Graph last asked to wait, in seconds, when it said. */
    readonly retryAfterSeconds: number | undefined,
    readonly attempts: number,
  ) {
    super(message);
  }
}

/** Prefixes an error with the step that failed (outer steps before inner ones), keeping its type and fields. */
export function atStep<E extends Error>(error: E, step: string): E {
  error.message = `${step}: ${error.message}`;
  if (error instanceof OutlookError) error.step = error.step ? `${step}: ${error.step}` : step;
  return error;
}

/**
 * The component's error hook: every error leaving the component passes here. Typed errors keep
 * their type and fields with their secrets scrubbed; anything else is scrubbed too, so no secret,
 * token or key reaches a log or an error message.
 */
export function scrubError(error: unknown): unknown {
  if (error instanceof Error) {
    error.message = redact(error.message);
    if (error.stack) error.stack = redact(error.stack);
    return error;
  }
  return new Error(redact(String(error)));
}
