import { useState } from 'preact/hooks';
import { transcriptToText } from '../core/transcript.js';
import { useUi } from './useUi.js';

/**
 * "What the agent will see": the transcript exactly as a handoff request carries it,
 * masks applied, shown as plain text. Built only while open.
 */
export function TranscriptPreview() {
  const { chat, t } = useUi();
  const [open, setOpen] = useState(false);
  return (
    <details class="preview" part="transcript-preview" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{t('agentWillSee')}</summary>
      {open ? (
        <pre class="transcript" tabIndex={0} aria-label={t('agentWillSee')}>
          {transcriptToText(chat.previewTranscript())}
        </pre>
      ) : null}
    </details>
  );
}
