import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { HandoffStatus } from '../core/types.js';
import { inputErrorText } from './input-error-text.js';
import { useUi } from './useUi.js';

export interface LeaveMessageFormProps {
  status: HandoffStatus;
  /** Set when the desk refused the note: the customer can correct it and send again. */
  noteError?: string | undefined;
  /** Prefills: the customer's known email and unsent draft. */
  email: string;
  message: string;
  maxLength: number;
  onClose(): void;
  emailRef?: Ref<HTMLInputElement>;
}

/**
 * The path to a person when nobody is available: email and message, sent with the
 * transcript through `chat.leaveMessage`. Shows "sending" until the backend has it,
 * then the confirmation.
 */
export function LeaveMessageForm({ status, noteError, email: initialEmail, message: initialMessage, maxLength, onClose, emailRef }: LeaveMessageFormProps) {
  const { chat, t } = useUi();
  const [email, setEmail] = useState(initialEmail);
  const [message, setMessage] = useState(initialMessage);
  const [error, setError] = useState<{ field: 'email' | 'message'; text: string } | undefined>(undefined);
  const [sentTo, setSentTo] = useState<string | undefined>(undefined);

  if (sentTo !== undefined && noteError && status !== 'message-left') {
    // Refused by the desk: say so, and give the words back rather than a spinner.
    return (
      <section class="card leave" part="leave-form" aria-labelledby="hc-leave-title">
        <h3 id="hc-leave-title" class="card-title">
          {t('leaveTitle')}
        </h3>
        <p class="error" role="alert">
          {t('leaveFailed')}
        </p>
        <div class="actions">
          <button type="button" class="primary" onClick={() => setSentTo(undefined)}>
            {t('leaveTryAgain')}
          </button>
        </div>
      </section>
    );
  }
  if (sentTo !== undefined) {
    const done = status === 'message-left';
    return (
      <section class="card leave" part="leave-form" aria-labelledby="hc-leave-title">
        <h3 id="hc-leave-title" class="card-title">
          {t('leaveTitle')}
        </h3>
        <p role="status">{done ? t('leaveDone', { email: sentTo }) : t('leaveSending')}</p>
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>
            {t('backToChat')}
          </button>
        </div>
      </section>
    );
  }

  const submit = (): void => {
    try {
      chat.leaveMessage({ email, message });
      setSentTo(email.trim());
    } catch (e) {
      const text = inputErrorText(e, t, { length: message.trim().length, max: maxLength });
      setError({ field: (e as { code?: string }).code === 'invalid_email' ? 'email' : 'message', text });
    }
  };

  return (
    <form
      class="card leave"
      part="leave-form"
      aria-labelledby="hc-leave-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <h3 id="hc-leave-title" class="card-title">
        {t('leaveTitle')}
      </h3>
      <p class="hint">{t('leaveIntro')}</p>
      <label class="field-label" for="hc-leave-email">
        {t('emailLabel')}
      </label>
      <input
        ref={emailRef}
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
          setEmail((e.currentTarget as HTMLInputElement).value);
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
          setMessage((e.currentTarget as HTMLTextAreaElement).value);
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
