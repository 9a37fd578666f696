/**
 * Every text the widget shows or announces. Placeholders in braces (`{name}`) are
 * filled in as plain text, never as HTML. Override any of them with the `strings`
 * option of `init()`.
 *
 * @example
 * init({ human, strings: { talkToHuman: 'Talk to our team', title: 'Acme help' } })
 */
export interface Strings {
  /** Panel heading and dialog name. */
  title: string;
  /** Launcher button while the panel is closed. */
  openChat: string;
  /** Launcher button while the panel is open. */
  closeChat: string;
  /** Header button that hides the floating panel. */
  minimise: string;
  /** Unread messages on the launcher; `{count}`. */
  unread: string;
  /** Header line while the bot answers. */
  chattingWithBot: string;
  /** Header line while a person answers; `{name}`. */
  chattingWithAgent: string;
  /** Label under an agent's name. */
  supportAgent: string;
  /** Author label of bot messages. */
  botLabel: string;
  /** Author label of the customer's own messages. */
  youLabel: string;
  /** Author label (for screen readers) of system lines. */
  systemLabel: string;

  /** The human control: ask for a person. */
  talkToHuman: string;
  /** The human control when nobody is available. */
  leaveMessage: string;
  /** The human control while waiting for a person. */
  waitingForPerson: string;
  /** The human control while a person answers. */
  endChat: string;
  /** Availability before committing; `{minutes}`. */
  availableEta: string;
  /** Availability when someone is there but no wait time is known. */
  availableNow: string;
  /** Availability when nobody is there. */
  unavailable: string;

  /** Waiting: the request is on its way. */
  connecting: string;
  /** Waiting: the request could not be delivered yet and is being retried. */
  retryingRequest: string;
  /** Waiting: `{position}` in the queue. */
  queuePosition: string;
  /** Waiting: estimated wait; `{minutes}`. */
  queueEta: string;
  /** Waiting: estimated wait under a minute. */
  queueEtaShort: string;
  /** Waiting: reassurance that the person will see everything. */
  waitingHint: string;
  cancelRequest: string;
  /** Waiting longer than the queue timeout. */
  waitingOverdue: string;
  /** Button: stop waiting and leave a message. */
  leaveMessageInstead: string;
  /** Disclosure showing the transcript the person will receive. */
  agentWillSee: string;

  /** Banner when the bot backend cannot be reached. */
  botOffline: string;
  /** Banner when the browser is offline. */
  networkOffline: string;

  /** Accessible name of the message list. */
  messages: string;
  /** Button above a long history that brings in older messages. */
  showEarlier: string;
  /** Accessible name of the message box. */
  composerLabel: string;
  composerPlaceholder: string;
  send: string;
  /** Length counter; `{count}`, `{max}`. */
  characterCount: string;
  /** Over the limit by `{count}` characters. */
  tooLong: string;
  /** Sending an empty message. */
  emptyMessage: string;
  /** A customer message on its way. */
  sending: string;
  /** A customer message that could not be delivered. */
  notSent: string;
  retry: string;
  typingBot: string;
  /** `{name}` is typing. */
  typingAgent: string;

  /** The offer made when the bot struggles. */
  offerQuestion: string;
  offerAccept: string;
  offerDismiss: string;

  /** Leave-a-message form. */
  leaveTitle: string;
  leaveIntro: string;
  emailLabel: string;
  messageLabel: string;
  leaveSubmit: string;
  leaveSending: string;
  /** The desk refused the note. */
  leaveFailed: string;
  leaveTryAgain: string;
  /** Confirmation; `{email}`. */
  leaveDone: string;
  invalidEmail: string;
  backToChat: string;

  /** Satisfaction survey. */
  ratingQuestion: string;
  rating1: string;
  rating2: string;
  rating3: string;
  rating4: string;
  rating5: string;
  ratingComment: string;
  ratingSubmit: string;
  ratingSkip: string;
  ratingChoose: string;

  /** An image shown as a link (its origin is not allowed); `{name}`. */
  imageLink: string;
  /** Appended (for screen readers) to links that open a new tab. */
  opensInNewTab: string;

  /** System lines (handoff progress), by notice code. */
  noticeRequested: string;
  noticeQueued: string;
  /** `{position}`. */
  noticeQueuedPosition: string;
  noticeUnavailable: string;
  noticeCancelled: string;
  /** `{name}`. */
  noticeAgentJoined: string;
  /** `{name}`. */
  noticeAgentLeft: string;
  noticeAgentLeftUnnamed: string;
  noticeHandedBack: string;
  noticeEnded: string;
  /** `{email}`. */
  noticeMessageLeft: string;
  noticeRatingSent: string;
  /** Said once when the customer typed something sensitive that is masked for the team. */
  noticeDataMasked: string;
}

/** A key of `Strings`. */
export type StringKey = keyof Strings;
