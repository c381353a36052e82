import { selectMailFolder } from "./selectMailFolder";
import { selectCalendar, selectTimeZone } from "./calendarPickers";
import { selectMessage } from "./messagePickers";
import { selectEvent } from "./eventPickers";
import { selectSubscription } from "./subscriptionPickers";
import { selectLanguage } from "./languagePickers";
import { selectCategory, selectMasterCategory } from "./categoryPickers";
import { selectContact, selectContactFolder } from "./contactPickers";
import { selectInboxRule } from "./selectInboxRule";

/**
 * Pickers for the configuration UI: mail folders (by path), calendars, time zones, messages, events, subscriptions,
 * languages, categories, contacts, contact folders, Inbox rules. An object rather than `export *`: some loaders list
 * a module namespace alphabetically, and the designer shows blocks in this order.
 */
export const dataSources = {
  selectMailFolder,
  selectCalendar,
  selectTimeZone,
  selectMessage,
  selectEvent,
  selectSubscription,
  selectLanguage,
  selectCategory,
  selectMasterCategory,
  selectContact,
  selectContactFolder,
  selectInboxRule,
};
