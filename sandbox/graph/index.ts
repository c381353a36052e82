import type { Router } from "../router";
import { registerAttachmentRoutes } from "./attachments";
import { registerBatchRoutes } from "./batch";
import { registerCategoryRoutes } from "./categories";
import { registerContactRoutes } from "./contacts";
import { registerEventExtraRoutes } from "./eventExtras";
import { registerMailExtraRoutes } from "./mailExtras";
import { registerMeetingTimeRoutes } from "./meetingTimes";
import { registerMessageRuleRoutes } from "./messageRules";
import { registerPlaceRoutes } from "./places";
import { registerDeltaRoutes } from "./delta";
import { registerEventRoutes } from "./events";
import { registerScheduleRoutes } from "./schedule";
import { registerSubscriptionRoutes } from "./subscriptions";
import { registerMailActionRoutes } from "./mailActions";
import { registerMailboxRoutes } from "./mailbox";
import { registerMailFolderRoutes } from "./mailFolders";
import { registerMessageRoutes } from "./messages";
import { registerUserRoutes } from "./users";

/** Every Graph v1.0 route the sandbox serves (paths relative to /v1.0, with /me rewritten to /users/{id}). */
export function registerGraphRoutes(router: Router): void {
  registerUserRoutes(router);
  registerMailFolderRoutes(router);
  registerMessageRoutes(router);
  registerAttachmentRoutes(router);
  registerMailActionRoutes(router);
  registerDeltaRoutes(router);
  registerMailboxRoutes(router);
  registerEventRoutes(router);
  registerScheduleRoutes(router);
  registerSubscriptionRoutes(router);
  registerBatchRoutes(router);
  registerContactRoutes(router);
  registerCategoryRoutes(router);
  registerMessageRuleRoutes(router);
  registerPlaceRoutes(router);
  registerEventExtraRoutes(router);
  registerMailExtraRoutes(router);
  registerMeetingTimeRoutes(router);
}
