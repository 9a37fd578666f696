import type { Summary, TranscriptV1 } from './agent-types.js';
import { triggerLabel, valueText } from './format.js';

/**
 * What the agent needs besides the messages: why the customer is here, who they
 * are, where they were, and what the site added. All of it as text.
 *
 * @example
 * <ContextPanel summary={summary} transcript={detail.transcript} />
 */
export function ContextPanel({ summary, transcript }: { summary: Summary; transcript: TranscriptV1 }) {
  const c = transcript.context;
  const rows: Array<[string, string, string?]> = [];
  rows.push(['Why', summary.reason, 'handoff-reason']);
  rows.push(['Trigger', triggerLabel(summary.trigger), 'handoff-trigger']);
  const who = [c.user?.name, c.user?.email, c.user?.id && `id ${c.user.id}`].filter(Boolean).join(' · ');
  if (who) rows.push(['Customer', who, 'customer-info']);
  for (const [k, v] of Object.entries(c.user?.attributes ?? {})) rows.push([k, String(v)]);
  if (c.page?.title || c.page?.url) rows.push(['Page', [c.page.title, c.page.url].filter(Boolean).join(' — ')]);
  if (c.page?.referrer) rows.push(['Came from', c.page.referrer]);
  rows.push(['Language', c.locale]);
  if (c.timeZone) rows.push(['Time zone', c.timeZone]);
  rows.push(['Chat started', new Date(c.startedAt).toLocaleString()]);
  if (c.summary.firstRequest) rows.push(['First request', c.summary.firstRequest]);
  for (const [k, v] of Object.entries(c.custom ?? {})) rows.push([k, valueText(v)]);
  // Web-vitals times are milliseconds; CLS is a unitless score.
  for (const [k, v] of Object.entries(c.vitals ?? {})) rows.push([k, `${Math.round(v * 100) / 100}${k === 'CLS' ? '' : ' ms'}`]);
  if (c.masked?.length) rows.push(['Masked before sending', c.masked.join(', ')]);
  return (
    <aside class="context" data-testid="context" aria-label="Context">
      <h3>Context</h3>
      <dl>
        {rows.map(([label, value, testId], i) => (
          <div class="context-row" key={i}>
            <dt>{label}</dt>
            <dd data-testid={testId}>{value}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
