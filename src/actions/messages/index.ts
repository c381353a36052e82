/** Message actions: send, read, change, move, reply and forward, drafts, incremental sync. */
export { sendMessage } from "./sendMessage";
export { listMailMessages } from "./listMailMessages";
export { getMailMessage } from "./getMailMessage";
export { deleteMessage } from "./deleteMessage";
export { updateMessage } from "./updateMessage";
export { moveMessage } from "./moveMessage";
export { copyMessage } from "./copyMessage";
export { replyToMessage } from "./replyToMessage";
export { replyAllToMessage } from "./replyAllToMessage";
export { forwardMessage } from "./forwardMessage";
export { createReplyDraft } from "./createReplyDraft";
export { createReplyAllDraft } from "./createReplyAllDraft";
export { createForwardDraft } from "./createForwardDraft";
export { createDraft } from "./createDraft";
export { updateDraft } from "./updateDraft";
export { sendDraft } from "./sendDraft";
export { syncMessages } from "./syncMessages";
