// Written by `npm run examples` (test/examples/cli.ts) from what each block answered in the Graph sandbox.
// Do not edit: run `npm run examples` again after adding a block or changing what one returns.
import action_sendMessage from "./actions/sendMessage.json";
import action_listMailMessages from "./actions/listMailMessages.json";
import action_getMailMessage from "./actions/getMailMessage.json";
import action_getMessageAsEml from "./actions/getMessageAsEml.json";
import action_deleteMessage from "./actions/deleteMessage.json";
import action_updateMessage from "./actions/updateMessage.json";
import action_moveMessage from "./actions/moveMessage.json";
import action_copyMessage from "./actions/copyMessage.json";
import action_replyToMessage from "./actions/replyToMessage.json";
import action_replyAllToMessage from "./actions/replyAllToMessage.json";
import action_forwardMessage from "./actions/forwardMessage.json";
import action_createReplyDraft from "./actions/createReplyDraft.json";
import action_createReplyAllDraft from "./actions/createReplyAllDraft.json";
import action_createForwardDraft from "./actions/createForwardDraft.json";
import action_createDraft from "./actions/createDraft.json";
import action_updateDraft from "./actions/updateDraft.json";
import action_sendDraft from "./actions/sendDraft.json";
import action_syncMessages from "./actions/syncMessages.json";
import action_updateMessages from "./actions/updateMessages.json";
import action_moveMessages from "./actions/moveMessages.json";
import action_copyMessages from "./actions/copyMessages.json";
import action_deleteMessages from "./actions/deleteMessages.json";
import action_translateExchangeIds from "./actions/translateExchangeIds.json";
import action_sendNotification from "./actions/sendNotification.json";
import action_listAttachments from "./actions/listAttachments.json";
import action_getAttachment from "./actions/getAttachment.json";
import action_addAttachment from "./actions/addAttachment.json";
import action_deleteAttachment from "./actions/deleteAttachment.json";
import action_listEventAttachments from "./actions/listEventAttachments.json";
import action_getEventAttachment from "./actions/getEventAttachment.json";
import action_addEventAttachment from "./actions/addEventAttachment.json";
import action_deleteEventAttachment from "./actions/deleteEventAttachment.json";
import action_attachMessage from "./actions/attachMessage.json";
import action_getAttachedMessage from "./actions/getAttachedMessage.json";
import action_listMailFolders from "./actions/listMailFolders.json";
import action_createMailFolder from "./actions/createMailFolder.json";
import action_deleteMailFolder from "./actions/deleteMailFolder.json";
import action_updateMailFolder from "./actions/updateMailFolder.json";
import action_moveMailFolder from "./actions/moveMailFolder.json";
import action_copyMailFolder from "./actions/copyMailFolder.json";
import action_getMailboxSettings from "./actions/getMailboxSettings.json";
import action_updateMailboxSettings from "./actions/updateMailboxSettings.json";
import action_getAutomaticReplies from "./actions/getAutomaticReplies.json";
import action_updateAutomaticReplies from "./actions/updateAutomaticReplies.json";
import action_getMailTips from "./actions/getMailTips.json";
import action_listFocusedInboxOverrides from "./actions/listFocusedInboxOverrides.json";
import action_createFocusedInboxOverride from "./actions/createFocusedInboxOverride.json";
import action_updateFocusedInboxOverride from "./actions/updateFocusedInboxOverride.json";
import action_deleteFocusedInboxOverride from "./actions/deleteFocusedInboxOverride.json";
import action_listInboxRules from "./actions/listInboxRules.json";
import action_getInboxRule from "./actions/getInboxRule.json";
import action_createInboxRule from "./actions/createInboxRule.json";
import action_updateInboxRule from "./actions/updateInboxRule.json";
import action_deleteInboxRule from "./actions/deleteInboxRule.json";
import action_listMasterCategories from "./actions/listMasterCategories.json";
import action_createCategory from "./actions/createCategory.json";
import action_updateCategory from "./actions/updateCategory.json";
import action_deleteCategory from "./actions/deleteCategory.json";
import action_listContacts from "./actions/listContacts.json";
import action_searchContacts from "./actions/searchContacts.json";
import action_getContact from "./actions/getContact.json";
import action_createContact from "./actions/createContact.json";
import action_updateContact from "./actions/updateContact.json";
import action_deleteContact from "./actions/deleteContact.json";
import action_listContactFolders from "./actions/listContactFolders.json";
import action_createContactFolder from "./actions/createContactFolder.json";
import action_updateContactFolder from "./actions/updateContactFolder.json";
import action_deleteContactFolder from "./actions/deleteContactFolder.json";
import action_listCalendars from "./actions/listCalendars.json";
import action_createCalendar from "./actions/createCalendar.json";
import action_updateCalendar from "./actions/updateCalendar.json";
import action_deleteCalendar from "./actions/deleteCalendar.json";
import action_getScheduleAvailability from "./actions/getScheduleAvailability.json";
import action_listSupportedLanguages from "./actions/listSupportedLanguages.json";
import action_listSupportedTimezones from "./actions/listSupportedTimezones.json";
import action_listEvents from "./actions/listEvents.json";
import action_listCalendarView from "./actions/listCalendarView.json";
import action_getCalendarEvent from "./actions/getCalendarEvent.json";
import action_createEvent from "./actions/createEvent.json";
import action_updateEvent from "./actions/updateEvent.json";
import action_deleteEvent from "./actions/deleteEvent.json";
import action_cancelEvent from "./actions/cancelEvent.json";
import action_respondToEvent from "./actions/respondToEvent.json";
import action_forwardEvent from "./actions/forwardEvent.json";
import action_dismissEventReminder from "./actions/dismissEventReminder.json";
import action_snoozeEventReminder from "./actions/snoozeEventReminder.json";
import action_getReminderView from "./actions/getReminderView.json";
import action_findMeetingTimes from "./actions/findMeetingTimes.json";
import action_listRooms from "./actions/listRooms.json";
import action_listRoomLists from "./actions/listRoomLists.json";
import action_listRoomsInList from "./actions/listRoomsInList.json";
import action_createMailFolderSubscription from "./actions/createMailFolderSubscription.json";
import action_createEventSubscription from "./actions/createEventSubscription.json";
import action_listSubscriptions from "./actions/listSubscriptions.json";
import action_updateEventSubscriptionExpiration from "./actions/updateEventSubscriptionExpiration.json";
import action_deleteSubscription from "./actions/deleteSubscription.json";
import action_deleteAllInstanceSubscriptions from "./actions/deleteAllInstanceSubscriptions.json";
import action_getCurrentUser from "./actions/getCurrentUser.json";
import action_rawRequest from "./actions/rawRequest.json";
import trigger_webhook from "./triggers/webhook.json";
import trigger_mailWebhook from "./triggers/mailWebhook.json";
import trigger_eventWebhook from "./triggers/eventWebhook.json";
import trigger_mailPolling from "./triggers/mailPolling.json";
import trigger_flaggedMailPolling from "./triggers/flaggedMailPolling.json";
import trigger_eventStartingSoon from "./triggers/eventStartingSoon.json";
import dataSource_selectMailFolder from "./dataSources/selectMailFolder.json";
import dataSource_selectCalendar from "./dataSources/selectCalendar.json";
import dataSource_selectTimeZone from "./dataSources/selectTimeZone.json";
import dataSource_selectMessage from "./dataSources/selectMessage.json";
import dataSource_selectEvent from "./dataSources/selectEvent.json";
import dataSource_selectSubscription from "./dataSources/selectSubscription.json";
import dataSource_selectLanguage from "./dataSources/selectLanguage.json";
import dataSource_selectCategory from "./dataSources/selectCategory.json";
import dataSource_selectMasterCategory from "./dataSources/selectMasterCategory.json";
import dataSource_selectContact from "./dataSources/selectContact.json";
import dataSource_selectContactFolder from "./dataSources/selectContactFolder.json";
import dataSource_selectInboxRule from "./dataSources/selectInboxRule.json";

/** Each block's example payload, by kind and key; src/index.ts attaches them to the blocks. */
export const examplePayloads: Record<"actions" | "triggers" | "dataSources", Record<string, unknown>> = {
  actions: {
    sendMessage: action_sendMessage,
    listMailMessages: action_listMailMessages,
    getMailMessage: action_getMailMessage,
    getMessageAsEml: action_getMessageAsEml,
    deleteMessage: action_deleteMessage,
    updateMessage: action_updateMessage,
    moveMessage: action_moveMessage,
    copyMessage: action_copyMessage,
    replyToMessage: action_replyToMessage,
    replyAllToMessage: action_replyAllToMessage,
    forwardMessage: action_forwardMessage,
    createReplyDraft: action_createReplyDraft,
    createReplyAllDraft: action_createReplyAllDraft,
    createForwardDraft: action_createForwardDraft,
    createDraft: action_createDraft,
    updateDraft: action_updateDraft,
    sendDraft: action_sendDraft,
    syncMessages: action_syncMessages,
    updateMessages: action_updateMessages,
    moveMessages: action_moveMessages,
    copyMessages: action_copyMessages,
    deleteMessages: action_deleteMessages,
    translateExchangeIds: action_translateExchangeIds,
    sendNotification: action_sendNotification,
    listAttachments: action_listAttachments,
    getAttachment: action_getAttachment,
    addAttachment: action_addAttachment,
    deleteAttachment: action_deleteAttachment,
    listEventAttachments: action_listEventAttachments,
    getEventAttachment: action_getEventAttachment,
    addEventAttachment: action_addEventAttachment,
    deleteEventAttachment: action_deleteEventAttachment,
    attachMessage: action_attachMessage,
    getAttachedMessage: action_getAttachedMessage,
    listMailFolders: action_listMailFolders,
    createMailFolder: action_createMailFolder,
    deleteMailFolder: action_deleteMailFolder,
    updateMailFolder: action_updateMailFolder,
    moveMailFolder: action_moveMailFolder,
    copyMailFolder: action_copyMailFolder,
    getMailboxSettings: action_getMailboxSettings,
    updateMailboxSettings: action_updateMailboxSettings,
    getAutomaticReplies: action_getAutomaticReplies,
    updateAutomaticReplies: action_updateAutomaticReplies,
    getMailTips: action_getMailTips,
    listFocusedInboxOverrides: action_listFocusedInboxOverrides,
    createFocusedInboxOverride: action_createFocusedInboxOverride,
    updateFocusedInboxOverride: action_updateFocusedInboxOverride,
    deleteFocusedInboxOverride: action_deleteFocusedInboxOverride,
    listInboxRules: action_listInboxRules,
    getInboxRule: action_getInboxRule,
    createInboxRule: action_createInboxRule,
    updateInboxRule: action_updateInboxRule,
    deleteInboxRule: action_deleteInboxRule,
    listMasterCategories: action_listMasterCategories,
    createCategory: action_createCategory,
    updateCategory: action_updateCategory,
    deleteCategory: action_deleteCategory,
    listContacts: action_listContacts,
    searchContacts: action_searchContacts,
    getContact: action_getContact,
    createContact: action_createContact,
    updateContact: action_updateContact,
    deleteContact: action_deleteContact,
    listContactFolders: action_listContactFolders,
    createContactFolder: action_createContactFolder,
    updateContactFolder: action_updateContactFolder,
    deleteContactFolder: action_deleteContactFolder,
    listCalendars: action_listCalendars,
    createCalendar: action_createCalendar,
    updateCalendar: action_updateCalendar,
    deleteCalendar: action_deleteCalendar,
    getScheduleAvailability: action_getScheduleAvailability,
    listSupportedLanguages: action_listSupportedLanguages,
    listSupportedTimezones: action_listSupportedTimezones,
    listEvents: action_listEvents,
    listCalendarView: action_listCalendarView,
    getCalendarEvent: action_getCalendarEvent,
    createEvent: action_createEvent,
    updateEvent: action_updateEvent,
    deleteEvent: action_deleteEvent,
    cancelEvent: action_cancelEvent,
    respondToEvent: action_respondToEvent,
    forwardEvent: action_forwardEvent,
    dismissEventReminder: action_dismissEventReminder,
    snoozeEventReminder: action_snoozeEventReminder,
    getReminderView: action_getReminderView,
    findMeetingTimes: action_findMeetingTimes,
    listRooms: action_listRooms,
    listRoomLists: action_listRoomLists,
    listRoomsInList: action_listRoomsInList,
    createMailFolderSubscription: action_createMailFolderSubscription,
    createEventSubscription: action_createEventSubscription,
    listSubscriptions: action_listSubscriptions,
    updateEventSubscriptionExpiration: action_updateEventSubscriptionExpiration,
    deleteSubscription: action_deleteSubscription,
    deleteAllInstanceSubscriptions: action_deleteAllInstanceSubscriptions,
    getCurrentUser: action_getCurrentUser,
    rawRequest: action_rawRequest,
  },
  triggers: {
    webhook: trigger_webhook,
    mailWebhook: trigger_mailWebhook,
    eventWebhook: trigger_eventWebhook,
    mailPolling: trigger_mailPolling,
    flaggedMailPolling: trigger_flaggedMailPolling,
    eventStartingSoon: trigger_eventStartingSoon,
  },
  dataSources: {
    selectMailFolder: dataSource_selectMailFolder,
    selectCalendar: dataSource_selectCalendar,
    selectTimeZone: dataSource_selectTimeZone,
    selectMessage: dataSource_selectMessage,
    selectEvent: dataSource_selectEvent,
    selectSubscription: dataSource_selectSubscription,
    selectLanguage: dataSource_selectLanguage,
    selectCategory: dataSource_selectCategory,
    selectMasterCategory: dataSource_selectMasterCategory,
    selectContact: dataSource_selectContact,
    selectContactFolder: dataSource_selectContactFolder,
    selectInboxRule: dataSource_selectInboxRule,
  },
};
