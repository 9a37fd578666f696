import type { Ref } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { SendIcon } from './icons.js';
import { inputErrorText } from './input-error-text.js';
import { useUi } from './useUi.js';

/** The counter appears once a message uses this share of the limit. */
const COUNTER_FROM = 0.8;

export interface ComposerProps {
  /** The saved draft to start from (restored after a reload). */
  draft: string;
  maxLength: number;
  inputRef?: Ref<HTMLTextAreaElement>;
}

/**
 * The message box. Enter sends, Shift+Enter adds a line, and Enter that confirms an
 * IME composition (Japanese, Chinese, Korean input) never sends. The draft is kept in
 * the chat as it is typed. Text over the limit is never cut: the box says how much
 * to remove, and a refused send keeps everything.
 */
export function Composer({ draft, maxLength, inputRef }: ComposerProps) {
  const { chat, t } = useUi();
  const [value, setValue] = useState(draft);
  const [error, setError] = useState<string | undefined>(undefined);
  const composing = useRef(false);
  const localRef = useRef<HTMLTextAreaElement>(null);

  const length = value.length;
  const over = length > maxLength;

  const submit = (): void => {
    try {
      chat.send(value);
    } catch (e) {
      setError(inputErrorText(e, t, { length, max: maxLength }));
      return;
    }
    setValue('');
    setError(undefined);
    localRef.current?.focus();
  };

  const setRefs = (el: HTMLTextAreaElement | null): void => {
    localRef.current = el;
    if (typeof inputRef === 'function') inputRef(el);
    else if (inputRef) inputRef.current = el;
  };

  const describedBy = [over || length >= maxLength * COUNTER_FROM ? 'hc-count' : '', error && !over ? 'hc-composer-error' : '']
    .filter(Boolean)
    .join(' ');

  return (
    <form
      class="composer"
      part="composer"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div class="composer-row">
        <label class="sr-only" for="hc-input">
          {t('composerLabel')}
        </label>
        <textarea
          ref={setRefs}
          id="hc-input"
          class="input"
          part="input"
          rows={1}
          dir="auto"
          value={value}
          placeholder={t('composerPlaceholder')}
          aria-invalid={over ? 'true' : undefined}
          aria-describedby={describedBy || undefined}
          onInput={(e) => {
            const next = (e.currentTarget as HTMLTextAreaElement).value;
            setValue(next);
            if (error) setError(undefined);
            chat.setDraft(next);
          }}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={() => {
            composing.current = false;
          }}
          onKeyDown={(e) => {
            if (e.key !== 'Enter' || e.shiftKey || e.altKey) return;
            // keyCode 229 marks the Enter that Safari delivers right after a composition ends.
            if (e.isComposing || composing.current || e.keyCode === 229) return;
            e.preventDefault();
            submit();
          }}
        />
        <button type="submit" class="send" part="send-button" aria-label={t('send')}>
          <SendIcon />
        </button>
      </div>
      {over ? (
        <p id="hc-count" class="count count-over" role="alert">
          {t('tooLong', { count: length - maxLength })}
        </p>
      ) : length >= maxLength * COUNTER_FROM ? (
        <p id="hc-count" class="count">
          {t('characterCount', { count: length, max: maxLength })}
        </p>
      ) : null}
      {error && !over ? (
        <p id="hc-composer-error" class="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
