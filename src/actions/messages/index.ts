import { sendMessage } from "./sendMessage";
import { listMailMessages } from "./listMailMessages";
import { getMailMessage } from "./getMailMessage";
import { deleteMessage } from "./deleteMessage";
import { updateMessage } from "./updateMessage";
import { moveMessage } from "./moveMessage";
import { copyMessage } from "./copyMessage";
import { replyToMessage } from "./replyToMessage";
import { replyAllToMessage } from "./replyAllToMessage";
import { forwardMessage } from "./forwardMessage";
import { createReplyDraft } from "./createReplyDraft";
import { createReplyAllDraft } from "./createReplyAllDraft";
import { createForwardDraft } from "./createForwardDraft";
import { createDraft } from "./createDraft";
import { updateDraft } from "./updateDraft";
import { sendDraft } from "./sendDraft";
import { syncMessages } from "./syncMessages";
import { updateMessages } from "./updateMessages";
import { moveMessages } from "./moveMessages";
import { copyMessages } from "./copyMessages";
import { deleteMessages } from "./deleteMessages";
import { translateExchangeIds } from "./translateExchangeIds";
import { getMessageAsEml } from "./getMessageAsEml";

/**
 * Message actions: send, read, change, move, reply and forward, drafts, incremental sync.
 * An object rather than `export *`: some loaders list a module namespace alphabetically, and the designer
 * shows blocks in this order.
 */
export const messageActions = {
  sendMessage,
  listMailMessages,
  getMailMessage,
  getMessageAsEml,
  deleteMessage,
  updateMessage,
  moveMessage,
  copyMessage,
  replyToMessage,
  replyAllToMessage,
  forwardMessage,
  createReplyDraft,
  createReplyAllDraft,
  createForwardDraft,
  createDraft,
  updateDraft,
  sendDraft,
  syncMessages,
  updateMessages,
  moveMessages,
  copyMessages,
  deleteMessages,
  translateExchangeIds,
};
