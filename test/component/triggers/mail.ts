/** Mail arriving in a sandbox mailbox: one helper shared with `npm run reliability`. */
export { deliver } from "../../../scripts/sandboxMail";
