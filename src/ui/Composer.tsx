import type { Ref } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isHandoffChatError } from '../core/errors.js';
import { SendIcon } from './icons.js';
import { inputErrorText } from './input-error-text.js';
import { useUi } from './useUi.js';

/** The counter appears once a message uses this share of the limit. */
const COUNTER_FROM = 0.8;
/** Typing saves the draft to the chat (and storage) once it pauses this long. */
export const DRAFT_SAVE_DELAY_MS = 300;

export interface ComposerProps {
  /** The chat's draft: where the box starts (restored after a reload), and what it shows when the draft changes from outside. */
  draft: string;
  /** A new conversation (logout, another person) always shows its own draft, even an unchanged empty one. */
  conversationId: string;
  maxLength: number;
  inputRef?: Ref<HTMLTextAreaElement>;
  /** Kept up to date with the text in the box, before it is saved to the chat. */
  typedRef?: { current: string | undefined };
}

/**
 * The message box. Enter sends, Shift+Enter adds a line, and Enter that confirms an
 * IME composition (Japanese, Chinese, Korean input) never sends. The draft is saved
 * to the chat when typing pauses, on blur, when the page is hidden and when the box
 * goes away; a draft changed from outside (logout, `setDraft`) replaces what is
 * shown. Text over the limit is never cut: the box says how much to remove (announced
 * once, when the limit is crossed), and a refused send keeps everything.
 */
export function Composer({ draft, conversationId, maxLength, inputRef, typedRef }: ComposerProps) {
  const { chat, t, host } = useUi();
  const [value, setValue] = useState(draft);
  const [error, setError] = useState<string | undefined>(undefined);
  const composing = useRef(false);
  const localRef = useRef<HTMLTextAreaElement>(null);
  /** The latest text in the box (handlers and timers must not read a stale render). */
  const current = useRef(draft);
  /** The draft as the chat has it from this box: a different `draft` prop came from outside. */
  const saved = useRef({ draft, conversationId });
  const pending = useRef<{ timer: ReturnType<typeof setTimeout>; stopPageHide: () => void } | undefined>(undefined);
  /** The conversation the box's text was typed for, read from the chat at typing time (props may lag). */
  const typedFor = useRef(conversationId);
  /** The "too long" alert, worded when the limit was crossed and kept as is until back under it. */
  const overAlert = useRef<string | undefined>(undefined);

  const show = (text: string): void => {
    current.current = text;
    if (typedRef) typedRef.current = text;
    setValue(text);
  };

  const cancelSave = (): void => {
    if (!pending.current) return;
    clearTimeout(pending.current.timer);
    pending.current.stopPageHide();
    pending.current = undefined;
  };

  const saveNow = (): void => {
    if (!pending.current) return;
    cancelSave();
    saved.current = { draft: current.current, conversationId: saved.current.conversationId };
    try {
      chat.setDraft(current.current);
    } catch (e) {
      // The chat was destroyed before the pause ended: there is nothing left to save into.
      if (!isHandoffChatError(e) || e.code !== 'destroyed') throw e;
    }
  };

  const saveSoon = (): void => {
    if (pending.current) clearTimeout(pending.current.timer);
    const stopPageHide = pending.current?.stopPageHide ?? host.onPageHide(saveNow);
    pending.current = { timer: setTimeout(saveNow, DRAFT_SAVE_DELAY_MS), stopPageHide };
  };

  // Changed from outside (logout, identify, setDraft from the page): show it, and drop
  // the pending save, which would write the old text back.
  useLayoutEffect(() => {
    if (draft === saved.current.draft && conversationId === saved.current.conversationId) return;
    const newConversation = conversationId !== saved.current.conversationId;
    saved.current = { draft, conversationId };
    // Typed after the switch but before this render: it belongs to the new conversation; keep it.
    if (newConversation && typedFor.current === conversationId && current.current) {
      saved.current = { draft: current.current, conversationId };
      return;
    }
    cancelSave();
    setError(undefined);
    show(draft);
  }, [draft, conversationId]);

  // The box goes away (the leave-a-message form, unmounting): keep what was typed.
  useEffect(
    () => () => {
      saveNow();
      // From now on the chat's draft is the text.
      if (typedRef) typedRef.current = undefined;
    },
    [],
  );

  const length = value.length;
  const over = length > maxLength;
  if (!over) overAlert.current = undefined;
  else overAlert.current ??= t('tooLong', { count: length - maxLength });

  const submit = (): void => {
    try {
      chat.send(current.current);
    } catch (e) {
      setError(inputErrorText(e, t, { length: current.current.length, max: maxLength }));
      saveNow();
      return;
    }
    // The chat empties its draft on send; a pending save would put the sent text back.
    cancelSave();
    saved.current = { draft: '', conversationId: saved.current.conversationId };
    show('');
    setError(undefined);
    localRef.current?.focus();
  };

  const setRefs = (el: HTMLTextAreaElement | null): void => {
    localRef.current = el;
    if (typeof inputRef === 'function') inputRef(el);
    else if (inputRef) inputRef.current = el;
  };

  const counted = over || length >= maxLength * COUNTER_FROM;
  const describedBy = [counted ? 'hc-count' : '', error && !over ? 'hc-composer-error' : ''].filter(Boolean).join(' ');

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
            typedFor.current = chat.state.conversationId;
            show((e.currentTarget as HTMLTextAreaElement).value);
            if (error) setError(undefined);
            saveSoon();
          }}
          onBlur={saveNow}
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
      {counted ? (
        // Not live: it changes with every keystroke. The alert below speaks once.
        <p id="hc-count" class={over ? 'count count-over' : 'count'}>
          {over ? t('tooLong', { count: length - maxLength }) : t('characterCount', { count: length, max: maxLength })}
        </p>
      ) : null}
      {overAlert.current ? (
        <p class="sr-only" role="alert">
          {overAlert.current}
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
