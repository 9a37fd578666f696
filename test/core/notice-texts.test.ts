import { describe, expect, it } from 'vitest';
import { NOTICE_EN, noticeKey, noticeTextEn } from '../../src/core/notice-texts';
import type { NoticeCode } from '../../src/core/types';
import { en } from '../../src/i18n/en';
import { sv } from '../../src/i18n/sv';

const CODES: NoticeCode[] = [
  'handoff-requested',
  'handoff-queued',
  'handoff-unavailable',
  'handoff-cancelled',
  'agent-joined',
  'agent-left',
  'handed-back',
  'ended',
  'message-left',
  'rating-sent',
  'data-masked',
];

describe('system lines (notices)', () => {
  it('give every code its own English text, without a placeholder left in it', () => {
    const texts = CODES.map((code) => noticeTextEn(code, { name: 'Alex', email: 'a@example.com', position: 2 }));
    expect(new Set(texts).size).toBe(CODES.length);
    for (const text of texts) expect(text).not.toMatch(/[{}]/);
  });

  it('say the queue position and the agent’s name when they are known, and read well without them', () => {
    expect(noticeTextEn('handoff-queued', { position: 3 })).toBe('You are number 3 in the queue.');
    expect(noticeTextEn('handoff-queued')).toBe('You are in the queue.');
    expect(noticeTextEn('agent-left', { name: 'Alex' })).toBe('Alex left the chat.');
    expect(noticeTextEn('agent-left')).toBe('The agent left the chat.');
    expect(noticeTextEn('message-left', { email: 'a@example.com' })).toBe('Thanks! We will reply to a@example.com.');
  });

  it('read well with parameters that are null or hold undefined (a custom transport’s agent without a name)', () => {
    expect(noticeTextEn('handoff-queued', null)).toBe('You are in the queue.');
    expect(noticeTextEn('agent-left', null)).toBe('The agent left the chat.');
    expect(noticeTextEn('agent-joined', { name: undefined as unknown as string })).not.toContain('undefined');
    expect(noticeTextEn('message-left', { email: undefined as unknown as string })).not.toContain('undefined');
  });

  it('have no key for a code of a newer version, nor for names every object has', () => {
    expect(noticeKey('from-the-future' as NoticeCode)).toBeUndefined();
    expect(noticeKey('constructor' as NoticeCode)).toBeUndefined();
    expect(noticeKey('__proto__' as NoticeCode)).toBeUndefined();
  });

  it('are the English catalogue’s texts, and every language has each of them', () => {
    for (const [key, text] of Object.entries(NOTICE_EN)) {
      expect(en[key as keyof typeof en], key).toBe(text);
      expect(typeof sv[key as keyof typeof sv], key).toBe('string');
      expect(sv[key as keyof typeof sv], key).not.toBe(text);
    }
  });
});
