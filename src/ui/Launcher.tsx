import type { Ref } from 'preact';
import { ChatIcon, CloseIcon } from './icons.js';
import { useUi } from './useUi.js';

export interface LauncherProps {
  open: boolean;
  unread: number;
  onToggle(): void;
  buttonRef?: Ref<HTMLButtonElement>;
  /** Whether the panel is in the document yet (it is drawn in an idle moment or on first open). */
  controls?: boolean;
}

/** The floating button that opens and closes the panel, with the unread count. */
export function Launcher({ open, unread, onToggle, buttonRef, controls = true }: LauncherProps) {
  const { t } = useUi();
  const base = open ? t('closeChat') : t('openChat');
  const unreadText = !open && unread > 0 ? t('unread', { count: unread }) : '';
  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        class="launcher"
        part="launcher"
        aria-label={unreadText ? `${base}, ${unreadText}` : base}
        aria-expanded={open ? 'true' : 'false'}
        aria-controls={controls ? 'hc-panel' : undefined}
        onClick={onToggle}
      >
        {open ? <CloseIcon /> : <ChatIcon />}
        {unreadText ? (
          <span class="badge" part="badge" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      <div class="sr-only" role="status">
        {unreadText}
      </div>
    </>
  );
}
