import type { Ref } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { HandoffStatus } from '../core/types.js';
import { inputErrorText } from './input-error-text.js';
import { useUi } from './useUi.js';

/**
 * What the customer wrote in the form, and where the confirmation goes once sent.
 * Kept by the panel, so it outlives the form.
 */
export interface LeaveMessageDraft {
  email?: string;
  message?: string;
  /** Set once submitted: the address the confirmation names. */
  sentTo?: string;
}

export interface LeaveMessageFormProps {
  status: HandoffStatus;
  /** Set when the desk refused the note: the customer can correct it and send again. */
  noteError?: string | undefined;
  /** The words so far (prefilled with the customer's known email and unsent draft). */
  draft: LeaveMessageDraft;
  onChange(draft: LeaveMessageDraft): void;
  maxLength: number;
  onClose(): void;
  emailRef?: Ref<HTMLInputElement>;
}

/**
 * The path to a person when nobody is available: email and message, sent with the
 * transcript through `chat.leaveMessage`. Shows "sending" until the backend has it,
 * then the confirmation (which the conversation log announces; here it is only shown).
 * Each change of view puts focus on its heading or first field, never on the page.
 */
export function LeaveMessageForm({ status, noteError, draft, onChange, maxLength, onClose, emailRef }: LeaveMessageFormProps) {
  const { chat, t } = useUi();
  const email = draft.email ?? '';
  const message = draft.message ?? '';
  const [error, setError] = useState<{ field: 'email' | 'message'; text: string } | undefined>(undefined);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstFieldRef = useRef<HTMLInputElement | null>(null);
  /** Where focus goes once the next view is on screen (the control that had it is gone). */
  const focusNext = useRef<'heading' | 'field' | undefined>(undefined);

  const view = draft.sentTo === undefined ? 'form' : noteError && status !== 'message-left' ? 'refused' : 'sent';
  useLayoutEffect(() => {
    const target = focusNext.current;
    focusNext.current = undefined;
    if (target === 'heading') headingRef.current?.focus();
    if (target === 'field') firstFieldRef.current?.focus();
  }, [view]);

  /** Focus moves with the view only when it was in the form (a click in Safari leaves it on the page). */
  const hadFocus = (e: Event): boolean => {
    const form = e.currentTarget as Element;
    const active = (form.getRootNode() as Document | ShadowRoot).activeElement;
    return !!active && !!(form.closest('[part~="leave-form"]') ?? form).contains(active);
  };

  const heading = (
    <h3 id="hc-leave-title" class="card-title" tabIndex={-1} ref={headingRef}>
      {t('leaveTitle')}
    </h3>
  );

  if (view === 'refused') {
    // Refused by the desk: say so, and give the words back rather than a spinner.
    return (
      <section class="card leave" part="leave-form" aria-labelledby="hc-leave-title">
        {heading}
        <p class="error" role="alert">
          {t('leaveFailed')}
        </p>
        <div class="actions">
          <button
            type="button"
            class="primary"
            onClick={(e) => {
              if (hadFocus(e)) focusNext.current = 'field';
              onChange({ email, message });
            }}
          >
            {t('leaveTryAgain')}
          </button>
        </div>
      </section>
    );
  }
  if (view === 'sent') {
    const done = status === 'message-left';
    return (
      <section class="card leave" part="leave-form" aria-labelledby="hc-leave-title">
        {heading}
        {/* Live only for "sending": the confirmation is announced by the conversation log. */}
        <p role="status">{done ? '' : t('leaveSending')}</p>
        {done ? <p>{t('leaveDone', { email: draft.sentTo ?? '' })}</p> : null}
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>
            {t('backToChat')}
          </button>
        </div>
      </section>
    );
  }

  const submit = (e: Event): void => {
    try {
      chat.leaveMessage({ email, message });
    } catch (err) {
      const text = inputErrorText(err, t, { length: message.trim().length, max: maxLength });
      setError({ field: (err as { code?: string }).code === 'invalid_email' ? 'email' : 'message', text });
      return;
    }
    if (hadFocus(e)) focusNext.current = 'heading';
    onChange({ email, message, sentTo: email.trim() });
  };

  const setEmailRef = (el: HTMLInputElement | null): void => {
    firstFieldRef.current = el;
    if (typeof emailRef === 'function') emailRef(el);
    else if (emailRef) emailRef.current = el;
  };

  return (
    <form
      class="card leave"
      part="leave-form"
      aria-labelledby="hc-leave-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit(e);
      }}
    >
      {heading}
      <p class="hint">{t('leaveIntro')}</p>
      <label class="field-label" for="hc-leave-email">
        {t('emailLabel')}
      </label>
      <input
        ref={setEmailRef}
        id="hc-leave-email"
        class="input"
        type="email"
        autocomplete="email"
        inputMode="email"
        required
        value={email}
        aria-invalid={error?.field === 'email' ? 'true' : undefined}
        aria-describedby={error?.field === 'email' ? 'hc-leave-error' : undefined}
        onInput={(e) => {
          onChange({ email: (e.currentTarget as HTMLInputElement).value, message });
          setError(undefined);
        }}
      />
      <label class="field-label" for="hc-leave-message">
        {t('messageLabel')}
      </label>
      <textarea
        id="hc-leave-message"
        class="input"
        rows={4}
        required
        value={message}
        aria-invalid={error?.field === 'message' ? 'true' : undefined}
        aria-describedby={error?.field === 'message' ? 'hc-leave-error' : undefined}
        onInput={(e) => {
          onChange({ email, message: (e.currentTarget as HTMLTextAreaElement).value });
          setError(undefined);
        }}
      />
      {error ? (
        <p id="hc-leave-error" class="error" role="alert">
          {error.text}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" part="leave-submit">
          {t('leaveSubmit')}
        </button>
        <button type="button" class="secondary" onClick={onClose}>
          {t('backToChat')}
        </button>
      </div>
    </form>
  );
}
