import { useRef, useState } from 'preact/hooks';

const TYPING_IDLE_MS = 3000;

/**
 * The reply box: Enter sends, Shift+Enter starts a new line. Tells the customer
 * when the agent types, and stops saying so after a pause.
 *
 * @example
 * <Composer onSend={actions.send} onTyping={actions.typing} />
 */
export function Composer({ onSend, onTyping }: { onSend(text: string): void; onTyping(active: boolean): void }) {
  const [text, setText] = useState('');
  const typing = useRef(false);
  const idle = useRef<ReturnType<typeof setTimeout>>();

  const setTyping = (active: boolean) => {
    clearTimeout(idle.current);
    if (active) idle.current = setTimeout(() => setTyping(false), TYPING_IDLE_MS);
    if (typing.current === active) return;
    typing.current = active;
    onTyping(active);
  };

  const send = () => {
    const trimmed = text.trim();
    if (!trimmed) return;
    onSend(trimmed);
    setText('');
    setTyping(false);
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label for="reply">Reply</label>
      <textarea
        id="reply"
        data-testid="reply-input"
        rows={3}
        value={text}
        placeholder="Write to the customer…"
        onInput={(e) => {
          const value = (e.currentTarget as HTMLTextAreaElement).value;
          setText(value);
          setTyping(value.length > 0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            send();
          }
        }}
      />
      <button type="submit" data-testid="reply-send" disabled={!text.trim()}>
        Send
      </button>
    </form>
  );
}
