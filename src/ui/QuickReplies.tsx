import type { QuickReply } from '../core/types.js';
import { useUi } from './useUi.js';

/** The bot's suggested answers; choosing one sends it (and the chips go away, focus to the message box). */
export function QuickReplies({ replies }: { replies: readonly QuickReply[] }) {
  const { chat, refocus } = useUi();
  return (
    <div class="quick-replies" part="quick-replies">
      {replies.map((r, i) => (
        <button
          key={`${i}:${r.title}`}
          type="button"
          class="chip"
          part="quick-reply"
          onClick={(e) => {
            refocus(e);
            chat.chooseReply(r);
          }}
        >
          {r.title}
        </button>
      ))}
    </div>
  );
}
