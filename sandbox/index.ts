/**
 * The Graph sandbox: a local, stateful stand-in for Microsoft Graph v1.0 (Outlook mail) and the Microsoft identity
 * platform.
 */
export { start, type Sandbox, type SandboxOptions, type RequestRecord } from "./server";
export { approveDeviceCode, issueRefreshToken, issuedRefreshTokens, setSingleUseRefreshTokens } from "./identity";
export * from "./seed";
export { addBulkMessages, MAX_BULK_MESSAGES, type BulkMessages } from "./bulk";
export type {
  Seed,
  SeedApp,
  SeedTenant,
  SeedUser,
  SeedRefreshToken,
  Store,
  StoredMessage,
  StoredAttachment,
  MailFolder,
  Mailbox,
} from "./store";
export {
  AFTER_FAULT_KINDS,
  BEFORE_FAULT_KINDS,
  type AfterFaultKind,
  type AfterFaultOptions,
  type BeforeFaultKind,
  type FaultMatch,
  type Faults,
} from "./faults";
