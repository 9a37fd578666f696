/**
 * `handoff-chat/core`: the headless conversation. No DOM, no Preact; runs in any
 * JavaScript runtime. Bring your own UI, or use `init()` from `handoff-chat`.
 */
export { createChat } from './chat.js';
export type { Chat, ChatState } from './chat.js';
export type { ChatEvents } from './events.js';
export type { ChatOptions, NormalizedChatOptions } from './options.js';
export { normalizeChatOptions } from './options.js';
export type {
  Emit,
  HandoffReceipt,
  HandoffRequest,
  HumanTransport,
  InboundMessage,
  OutboundMessage,
  SendReceipt,
  Transport,
  TransportEvent,
  TransportSession,
} from './contract.js';
export type {
  AgentInfo,
  Attachment,
  Author,
  Availability,
  ChatUser,
  ConnectionState,
  DeliveryStatus,
  HandoffState,
  HandoffStatus,
  HandoffTrigger,
  Message,
  Notice,
  NoticeCode,
  OfflineMessage,
  Phase,
  QuickReply,
  Rating,
} from './types.js';
export type { TranscriptContext, TranscriptMessage, TranscriptV1 } from './transcript-types.js';
export { buildTranscript, transcriptToText } from './transcript.js';
export type { Redactor, TranscriptInput } from './transcript.js';
export { PHASE_TRANSITIONS, canTransition } from './phases.js';
export {
  ConfigError,
  HandoffChatError,
  InputError,
  StateError,
  TransportError,
  isConfigError,
  isHandoffChatError,
  isTransportError,
  toTransportError,
} from './errors.js';
export { createMemoryStorage } from './environment.js';
export type { ChatEnvironment, KeyValueStorage, PageInfo } from './environment.js';
export { backoffDelay } from './backoff.js';
export type { BackoffOptions } from './backoff.js';
export { createRedactor, normalizeMaskingOptions } from './masking.js';
export type { BuiltInMaskKind, MaskingOptions, MaskingPattern, NormalizedMaskingOptions } from './masking.js';
export { createEscalationDetector, normalizeEscalationOptions } from './escalation.js';
export type {
  BotFailureTriggerOptions,
  Detection,
  EscalationDetector,
  EscalationOptions,
  FrustrationTriggerOptions,
  KeywordTriggerOptions,
  LowConfidenceTriggerOptions,
  NormalizedEscalationOptions,
  SensitiveTopicTriggerOptions,
  TriggerMode,
} from './escalation.js';
export { DEFAULT_PHRASES, ESCALATION_LANGUAGES, SENSITIVE_TOPICS } from './phrases.js';
export type { EscalationLanguage, LanguagePhrases, SensitiveTopic } from './phrases.js';
