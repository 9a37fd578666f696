/**
 * Every automatic escalation trigger off (the button always works). Several payloads
 * read like a request for a person ("Talk to a person") or like shouting; with the
 * triggers on, a case would test the escalation rules instead of what it is about.
 */
export const QUIET_ESCALATION = { keyword: 'off', frustration: 'off', sensitiveTopic: 'off', botFailure: 'off', lowConfidence: 'off' } as const;
