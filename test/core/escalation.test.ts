import { describe, expect, it } from 'vitest';
import { isConfigError } from '../../src/core/errors';
import { HUMAN_PATH_GUARANTEE, createEscalationDetector, normalizeEscalationOptions, type EscalationOptions } from '../../src/core/escalation';
import { DEFAULT_PHRASES } from '../../src/core/phrases';
import type { Message } from '../../src/core/types';

let seq = 0;
function msg(author: Message['author'], text: string, extra: Partial<Message> = {}): Message {
  seq += 1;
  return { id: `m${seq}`, author, text, time: 1_700_000_000_000 + seq, status: 'sent', ...extra };
}

const detector = createEscalationDetector();

function configError(fn: () => unknown): { option: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isConfigError(error)) return { option: error.option, message: error.message };
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the customer asking for a person', () => {
  const asks: Array<[string, string]> = [
    ['en', 'talk to a human'],
    ['en', 'Can I speak with a real person please?'],
    ['en', 'I want an agent'],
    ['en', 'agent'],
    ['en', 'Agent please!!'],
    ['en', 'HUMAN'],
    ['en', 'representative'],
    ['en', 'connect me to an agent'],
    ['en', 'put me through to someone'],
    ['en', 'I need a live agent now'],
    ['en', 'customer service please'],
    ['en', 'let me speak to your manager'],
    ['en', 'transfer me to a person'],
    ['en', "I don't need a bot, I need a human"],
    ['sv', 'Jag vill prata med en människa'],
    ['sv', 'kan jag få prata med kundtjänst?'],
    ['sv', 'kundtjänst'],
    ['sv', 'Koppla mig till en handläggare'],
    ['sv', 'riktig person tack'],
    ['sv', 'MÄNNISKA!'],
    ['de', 'Ich möchte mit einem Menschen sprechen'],
    ['de', 'Kann ich bitte mit einem Mitarbeiter reden?'],
    ['de', 'Mitarbeiter bitte'],
    ['de', 'Verbinden Sie mich bitte mit einem Mitarbeiter'],
    ['de', 'Ich brauche einen echten Menschen'],
    ['de', 'Kundendienst'],
    ['fr', 'Je voudrais parler à un conseiller'],
    ['fr', 'parler à une vraie personne svp'],
    ['fr', "un humain s'il vous plaît"],
    ['fr', 'Mettez-moi en relation avec un conseiller'],
    ['fr', 'Pouvez-vous me passer un agent ?'],
    ['fr', "Bonjour, je voudrais parler avec quelqu'un"],
    ['es', 'Quiero hablar con una persona'],
    ['es', 'hablar con un agente por favor'],
    ['es', 'Pásame con un asesor'],
    ['es', 'agente'],
    ['es', 'necesito un humano'],
    ['es', 'quiero hablar con alguien de atención al cliente'],
    ['ar', 'أريد التحدث مع موظف'],
    ['ar', 'ممكن اكلم موظف خدمة العملاء'],
    ['ar', 'موظف'],
    ['ar', 'أبي أكلم شخص حقيقي'],
    ['ar', 'حولني لموظف من فضلك'],
  ];

  it.each(asks)('%s: "%s" requests a person at once', (_lang, text) => {
    const d = detector.inspectCustomer(text, []);
    expect(d).toMatchObject({ trigger: 'keyword', mode: 'auto' });
    expect(d?.reason).toMatch(/^Customer asked for a person: ".+"$/);
  });

  it('quotes the customer\'s own words in the reason', () => {
    expect(detector.inspectCustomer('Hi! Can I talk to a real human, please?', [])?.reason).toBe(
      'Customer asked for a person: "talk to a real human"',
    );
    expect(detector.inspectCustomer('Kann ich bitte mit einem Mitarbeiter reden?', [])?.reason).toBe(
      'Customer asked for a person: "mit einem Mitarbeiter reden"',
    );
  });

  const notAsks: Array<[string, string]> = [
    ['en', 'What is a user agent string?'],
    ['en', "I'm researching agent-based modelling"],
    ['en', 'Where is the travel agent booking page?'],
    ['en', 'The agent field is empty'],
    ['en', 'my user-agent header looks wrong'],
    ['en', 'Is this wig real human hair?'],
    ['en', 'Human resources sent me a letter about it'],
    ['en', "I don't want to talk to a human, just tell me the opening hours"],
    ['en', 'Are you a human?'],
    ['en', "I'll ask my insurance agent about it"],
    ['en', 'The agent solved it yesterday, thanks'],
    ['en', 'Can you talk to me like a human?'],
    ['en', 'Who is the contact person for invoices?'],
    ['sv', 'Vi behöver inte prata med en människa'],
    ['sv', 'Mänskliga rättigheter är viktiga'],
    ['sv', 'Personalen i butiken var trevlig'],
    ['sv', 'Jag har redan pratat med kundtjänst'],
    ['de', 'Der Mitarbeiter des Monats ist Anna'],
    ['de', 'Ich habe gestern mit einem Mitarbeiter gesprochen'],
    ['de', 'Ich brauche keinen Mitarbeiter, nur die Öffnungszeiten'],
    ['de', 'Ich will nicht mit einem Menschen sprechen'],
    ['fr', "Mon agent immobilier m'a conseillé ce produit"],
    ['fr', 'Je ne veux pas parler à un conseiller'],
    ['fr', 'Je cherche un agent de voyage'],
    ['fr', "C'est pour une personne"],
    ['es', 'Mi agente de viajes me dijo que escribiera'],
    ['es', 'No quiero hablar con una persona'],
    ['es', 'La habitación es para una persona'],
    ['es', 'Recursos humanos no contesta mis correos'],
    ['ar', 'حقوق الانسان مهمة'],
    ['ar', 'لا أريد التحدث مع موظف'],
    ['ar', 'الموظف كان لطيفا'],
  ];

  it.each(notAsks)('%s: "%s" raises no alarm', (_lang, text) => {
    expect(detector.inspectCustomer(text, [])).toBeNull();
  });

  it('reads a one-word answer to the bot\'s own question as an answer, not a request', () => {
    const history = [msg('customer', 'I need help with my account'), msg('bot', 'Are you a customer or an agent?')];
    expect(detector.inspectCustomer('agent', history)).toBeNull();
    expect(detector.inspectCustomer('agent', [msg('bot', 'How can I help?')])).toMatchObject({ trigger: 'keyword' });
  });

  it('offers instead of requesting when the keyword trigger is set to offer', () => {
    const d = createEscalationDetector({ keyword: 'offer' }).inspectCustomer('talk to a human', []);
    expect(d).toMatchObject({ trigger: 'keyword', mode: 'offer' });
  });

  it('stays quiet when the keyword trigger is off', () => {
    expect(createEscalationDetector({ keyword: 'off' }).inspectCustomer('talk to a human', [])).toBeNull();
  });

  it('adds site phrases to the built-in ones', () => {
    const d = createEscalationDetector({ keyword: { phrases: ['ring|call * Anna'] } });
    expect(d.inspectCustomer('Can you ring Anna for me?', [])).toMatchObject({ trigger: 'keyword', phrase: 'ring|call * Anna' });
    expect(d.inspectCustomer('talk to a human', [])).toMatchObject({ trigger: 'keyword' });
  });

  it('uses only the site phrases when replaceDefaults is set', () => {
    const d = createEscalationDetector({ keyword: { phrases: ['=operator'], replaceDefaults: true } });
    expect(d.inspectCustomer('operator please', [])).toMatchObject({ trigger: 'keyword' });
    expect(d.inspectCustomer('talk to a human', [])).toBeNull();
  });

  it('lets the site declare phrases that are not requests', () => {
    const d = createEscalationDetector({ keyword: { ignore: ['agent portal'] } });
    expect(d.inspectCustomer('I need an agent portal login', [])).toBeNull();
    expect(detector.inspectCustomer('I need an agent portal login', [])).toMatchObject({ trigger: 'keyword' });
  });

  it('only uses the built-in lists of the languages chosen', () => {
    const d = createEscalationDetector({ languages: ['en'] });
    expect(d.inspectCustomer('Jag vill prata med en människa', [])).toBeNull();
    expect(d.inspectCustomer('talk to a human', [])).toMatchObject({ trigger: 'keyword' });
  });

  it('ignores case and accents in both the phrase and the message', () => {
    expect(detector.inspectCustomer('JAG VILL PRATA MED EN MANNISKA', [])).toMatchObject({ trigger: 'keyword' });
    expect(detector.inspectCustomer('Je voudrais PARLER A UN CONSEILLER', [])).toMatchObject({ trigger: 'keyword' });
  });
});

describe('repeated bot failure', () => {
  const fallback = (text = "Sorry, I didn't get that.") => msg('bot', text, { fallback: true });

  it('offers a person after the second fallback in a row', () => {
    const first = fallback();
    const history = [msg('customer', 'blorp'), first, msg('customer', 'blorp again')];
    expect(detector.inspectBot(first, history.slice(0, 1))).toBeNull();
    expect(detector.inspectBot(fallback(), history)).toEqual({
      trigger: 'bot-failure',
      mode: 'offer',
      reason: 'The bot did not understand 2 times in a row',
    });
  });

  it('starts counting again after a bot answer that was understood', () => {
    const history = [msg('customer', 'a'), fallback(), msg('customer', 'b'), msg('bot', 'Here you go'), msg('customer', 'c')];
    expect(detector.inspectBot(fallback(), history)).toBeNull();
  });

  it('waits for the configured number of fallbacks and uses the configured mode', () => {
    const d = createEscalationDetector({ botFailure: { after: 3, mode: 'auto' } });
    const history = [fallback(), msg('customer', 'x'), fallback(), msg('customer', 'y')];
    expect(d.inspectBot(fallback(), history.slice(0, 2))).toBeNull();
    expect(d.inspectBot(fallback(), history)).toMatchObject({ trigger: 'bot-failure', mode: 'auto', reason: 'The bot did not understand 3 times in a row' });
  });

  it('does nothing when off, and ignores a reply still streaming', () => {
    const history = [fallback(), msg('customer', 'x')];
    expect(createEscalationDetector({ botFailure: 'off' }).inspectBot(fallback(), history)).toBeNull();
    expect(detector.inspectBot({ ...fallback(), streaming: true }, history)).toBeNull();
  });

  it('never reacts to messages from customers or agents', () => {
    expect(detector.inspectBot(msg('agent', 'hi', { fallback: true }), [fallback()])).toBeNull();
  });
});

describe('low confidence', () => {
  it('offers a person when the bot is below the threshold, naming the figures', () => {
    expect(detector.inspectBot(msg('bot', 'Maybe this?', { confidence: 0.12 }), [])).toEqual({
      trigger: 'low-confidence',
      mode: 'offer',
      reason: 'The bot was not confident in its answer (confidence 0.12, below 0.3)',
    });
  });

  it('accepts answers at or above the threshold, and ignores nonsense figures', () => {
    expect(detector.inspectBot(msg('bot', 'Sure', { confidence: 0.3 }), [])).toBeNull();
    expect(detector.inspectBot(msg('bot', 'Sure', { confidence: Number.NaN }), [])).toBeNull();
    expect(detector.inspectBot(msg('bot', 'Sure'), [])).toBeNull();
  });

  it('follows the configured threshold and mode', () => {
    const d = createEscalationDetector({ lowConfidence: { threshold: 0.6, mode: 'auto' } });
    expect(d.inspectBot(msg('bot', 'Hm', { confidence: 0.5 }), [])).toMatchObject({ trigger: 'low-confidence', mode: 'auto' });
    expect(createEscalationDetector({ lowConfidence: 'off' }).inspectBot(msg('bot', 'Hm', { confidence: 0 }), [])).toBeNull();
  });

  it('prefers an automatic trigger over an offer when both fire', () => {
    const d = createEscalationDetector({ lowConfidence: 'auto' });
    const history = [msg('bot', '?', { fallback: true }), msg('customer', 'x')];
    expect(d.inspectBot(msg('bot', '??', { fallback: true, confidence: 0.1 }), history)).toMatchObject({ trigger: 'low-confidence', mode: 'auto' });
  });
});

describe('frustration', () => {
  it('notices the same message sent twice, however it is spaced or capitalised', () => {
    const history = [msg('customer', 'Where is my order?'), msg('bot', 'Could you tell me more?')];
    expect(detector.inspectCustomer('where is my  order', history)).toEqual({
      trigger: 'frustration',
      mode: 'offer',
      signal: 'repeat',
      reason: 'Customer seems frustrated: sent the same message 2 times ("where is my order")',
    });
  });

  it('does not count short acknowledgements, menu numbers or quick replies as repeating', () => {
    expect(detector.inspectCustomer('yes', [msg('customer', 'yes'), msg('bot', 'And?')])).toBeNull();
    expect(detector.inspectCustomer('2', [msg('customer', '2'), msg('bot', 'Pick one')])).toBeNull();
    const offered = msg('bot', 'Which one?', { quickReplies: [{ title: 'Track my parcel' }] });
    const chosen = msg('customer', 'Track my parcel', { chosenReply: { title: 'Track my parcel' } });
    expect(detector.inspectCustomer('Track my parcel', [chosen, msg('bot', 'Done'), offered])).toBeNull();
  });

  it('only looks at recent messages for repeats, and can be told to wait for more', () => {
    const old = [msg('customer', 'where is my order'), ...Array.from({ length: 5 }, (_, i) => msg('customer', `other ${i}`))];
    expect(detector.inspectCustomer('where is my order', old)).toBeNull();
    const d = createEscalationDetector({ frustration: { repeats: 3 } });
    const twice = [msg('customer', 'where is my order')];
    expect(d.inspectCustomer('where is my order', twice)).toBeNull();
    expect(d.inspectCustomer('where is my order', [...twice, msg('customer', 'where is my order')])).toMatchObject({ signal: 'repeat' });
  });

  it('notices shouting, but not codes written in capitals', () => {
    expect(detector.inspectCustomer('WHERE IS MY REFUND I HAVE WAITED FOR WEEKS', [])).toMatchObject({
      trigger: 'frustration',
      signal: 'shouting',
      reason: 'Customer seems frustrated: wrote in capitals',
    });
    expect(detector.inspectCustomer('My code is ABC123 XYZ789 QWE456 RTY111', [])).toBeNull();
    expect(detector.inspectCustomer('NASA and ESA', [])).toBeNull();
    expect(createEscalationDetector({ frustration: { shouting: false } }).inspectCustomer('WHERE IS MY REFUND I HAVE WAITED FOR WEEKS', [])).toBeNull();
  });

  const angry: Array<[string, string]> = [
    ['en', 'This is useless'],
    ['en', 'what a waste of my time'],
    ['en', "you don't understand"],
    ['en', 'I am sick of this'],
    ['sv', 'Det här är värdelöst'],
    ['sv', 'Du förstår inte'],
    ['de', 'Das ist doch lächerlich'],
    ['de', 'Sie verstehen mich nicht'],
    ['fr', "C'est n'importe quoi"],
    ['fr', "J'en ai marre"],
    ['es', 'Esto no sirve para nada'],
    ['es', 'Estoy harto'],
    ['ar', 'الخدمة سيئة جدا'],
    ['ar', 'انت ما تفهمني'],
  ];

  it.each(angry)('%s: "%s" counts as frustration', (_lang, text) => {
    expect(detector.inspectCustomer(text, [])).toMatchObject({ trigger: 'frustration', mode: 'offer', signal: 'phrase' });
  });

  const calm: Array<[string, string]> = [
    ['en', 'Thanks, that helped a lot'],
    ['en', 'I am happy with the service'],
    ['sv', 'Tack, det hjälpte'],
    ['de', 'Danke, das hat geholfen'],
    ['fr', 'Merci beaucoup, c’est parfait'],
    ['es', 'Gracias, todo bien'],
    ['ar', 'شكرا جزيلا'],
  ];

  it.each(calm)('%s: "%s" is not frustration', (_lang, text) => {
    expect(detector.inspectCustomer(text, [])).toBeNull();
  });

  it('can be switched off, or given site phrases only', () => {
    expect(createEscalationDetector({ frustration: 'off' }).inspectCustomer('This is useless', [])).toBeNull();
    const d = createEscalationDetector({ frustration: { phrases: ['meh'], replaceDefaults: true, repeats: false } });
    expect(d.inspectCustomer('This is useless', [])).toBeNull();
    expect(d.inspectCustomer('meh', [])).toMatchObject({ trigger: 'frustration', phrase: 'meh' });
    expect(d.inspectCustomer('where is my order', [msg('customer', 'where is my order')])).toBeNull();
  });
});

describe('sensitive topics', () => {
  const topical: Array<[string, string, string]> = [
    ['fraud', 'en', 'I think this is a scam'],
    ['fraud', 'en', "I don't recognise this charge"],
    ['fraud', 'sv', 'Jag har blivit utsatt för bedrägeri'],
    ['fraud', 'de', 'Das ist Betrug'],
    ['fraud', 'fr', "C'est une arnaque"],
    ['fraud', 'es', 'Me han estafado'],
    ['fraud', 'ar', 'تعرضت لاحتيال'],
    ['stolen card', 'en', 'my card was stolen yesterday'],
    ['stolen card', 'sv', 'mitt kort är stulet'],
    ['stolen card', 'de', 'Meine Karte wurde gestohlen'],
    ['stolen card', 'fr', 'ma carte a été volée'],
    ['stolen card', 'es', 'me robaron la tarjeta'],
    ['stolen card', 'ar', 'بطاقتي مسروقة'],
    ['dispute', 'en', 'I want to dispute a payment'],
    ['dispute', 'sv', 'Jag vill bestrida köpet'],
    ['dispute', 'de', 'Ich wurde doppelt belastet'],
    ['dispute', 'fr', 'je veux contester ce paiement'],
    ['dispute', 'es', 'me cobraron dos veces'],
    ['dispute', 'ar', 'تم خصم المبلغ مرتين'],
    ['bereavement', 'en', 'my husband passed away last month'],
    ['bereavement', 'sv', 'min man har gått bort'],
    ['bereavement', 'de', 'mein Vater ist verstorben'],
    ['bereavement', 'fr', 'mon père est décédé'],
    ['bereavement', 'es', 'mi madre falleció'],
    ['bereavement', 'ar', 'والدي توفي الشهر الماضي'],
    ['financial hardship', 'en', "I lost my job and can't afford the payments"],
    ['financial hardship', 'sv', 'Jag har inte råd att betala'],
    ['financial hardship', 'de', 'Ich habe finanzielle Schwierigkeiten'],
    ['financial hardship', 'fr', "J'ai des difficultés financières"],
    ['financial hardship', 'es', 'No puedo pagar la factura'],
    ['financial hardship', 'ar', 'أنا في ضائقة مالية'],
  ];

  it.each(topical)('%s (%s): "%s"', (topic, _lang, text) => {
    const d = detector.inspectCustomer(text, []);
    expect(d).toMatchObject({ trigger: 'sensitive-topic', mode: 'offer', topic });
    expect(d?.reason).toMatch(new RegExp(`^Sensitive topic \\(${topic}\\): ".+"$`));
  });

  it.each([
    'My phone died, can you resend the code?',
    'The card arrived today, thanks',
    'How do I add a new card?',
    'Can I pay with a gift card?',
  ])('"%s" is not a sensitive topic', (text) => {
    expect(detector.inspectCustomer(text, [])).toBeNull();
  });

  it('takes site topics, alongside or instead of the defaults', () => {
    const d = createEscalationDetector({ sensitiveTopic: { mode: 'auto', topics: { 'account closure': ['close my account'] } } });
    expect(d.inspectCustomer('Please close my account', [])).toEqual({
      trigger: 'sensitive-topic',
      mode: 'auto',
      topic: 'account closure',
      phrase: 'close my account',
      reason: 'Sensitive topic (account closure): "close my account"',
    });
    expect(d.inspectCustomer('my card was stolen', [])).toMatchObject({ topic: 'stolen card' });
    const only = createEscalationDetector({ sensitiveTopic: { topics: { legal: ['lawyer'] }, replaceDefaults: true } });
    expect(only.inspectCustomer('my card was stolen', [])).toBeNull();
    expect(only.inspectCustomer('my lawyer will call', [])).toMatchObject({ topic: 'legal' });
  });

  it('takes topic names that happen to be Object.prototype members as plain names', () => {
    const d = createEscalationDetector({ sensitiveTopic: { topics: { toString: ['legal threat'], hasOwnProperty: ['court'] } } });
    expect(d.inspectCustomer('this is a legal threat', [])).toMatchObject({ topic: 'toString' });
    expect(d.inspectCustomer('see you in court', [])).toMatchObject({ topic: 'hasOwnProperty' });
    expect(configError(() => createEscalationDetector({ sensitiveTopic: { topics: JSON.parse('{"__proto__": ["x"]}') } })).option).toBe(
      'escalation.sensitiveTopic.topics',
    );
  });

  it('adds site phrases to a built-in topic of the same name', () => {
    const d = createEscalationDetector({ sensitiveTopic: { topics: { fraud: ['fake shop'] } } });
    expect(d.inspectCustomer('is this a fake shop?', [])).toMatchObject({ topic: 'fraud' });
  });

  it('stays quiet when off', () => {
    expect(createEscalationDetector({ sensitiveTopic: 'off' }).inspectCustomer('my card was stolen', [])).toBeNull();
  });
});

describe('several triggers at once', () => {
  it('returns an automatic trigger before an offer', () => {
    const d = detector.inspectCustomer('THIS IS USELESS, GET ME A HUMAN NOW', []);
    expect(d).toMatchObject({ trigger: 'keyword', mode: 'auto' });
  });

  it('returns the first offer in order keyword, sensitive topic, frustration when none is automatic', () => {
    const d = createEscalationDetector({ keyword: 'offer' });
    expect(d.inspectCustomer('my card was stolen, this is useless', [])).toMatchObject({ trigger: 'sensitive-topic' });
  });
});

describe('escalation options', () => {
  it.each<[unknown, string]>([
    [{ keyword: 'always' }, 'escalation.keyword'],
    [{ keyword: { mode: 'on' } }, 'escalation.keyword.mode'],
    [{ keyword: { phrases: 'talk to a human' } }, 'escalation.keyword.phrases'],
    [{ keyword: { phrases: ['ok', '*'] } }, 'escalation.keyword.phrases[1]'],
    [{ keyword: { phrases: ['talk to *'] } }, 'escalation.keyword.phrases[0]'],
    [{ keyword: { phrases: [], replaceDefaults: true } }, 'escalation.keyword.phrases'],
    [{ keyword: { colour: 'red' } }, 'escalation.keyword.colour'],
    [{ botFailure: { after: 0 } }, 'escalation.botFailure.after'],
    [{ botFailure: { after: 2.5 } }, 'escalation.botFailure.after'],
    [{ frustration: { repeats: 1 } }, 'escalation.frustration.repeats'],
    [{ frustration: { shouting: 'yes' } }, 'escalation.frustration.shouting'],
    [{ sensitiveTopic: { topics: { fraud: 'scam' } } }, 'escalation.sensitiveTopic.topics.fraud'],
    [{ sensitiveTopic: { topics: ['fraud'] } }, 'escalation.sensitiveTopic.topics'],
    [{ lowConfidence: { threshold: 0 } }, 'escalation.lowConfidence.threshold'],
    [{ lowConfidence: { threshold: 1.5 } }, 'escalation.lowConfidence.threshold'],
    [{ botRequest: 'off' }, 'escalation.botRequest'],
    [{ languages: ['en', 'xx'] }, 'escalation.languages'],
    [{ languages: [] }, 'escalation.languages'],
    [{ trigers: {} }, 'escalation.trigers'],
    ['auto', 'escalation'],
  ])('rejects %j, naming %s', (input, option) => {
    expect(configError(() => createEscalationDetector(input as EscalationOptions)).option).toBe(option);
  });

  it('refuses to switch off the human button, and says why', () => {
    const e = configError(() => normalizeEscalationOptions({ button: 'off' }));
    expect(e.option).toBe('escalation.button');
    expect(e.message).toBe(`Option "escalation.button" is not supported: ${HUMAN_PATH_GUARANTEE}`);
  });

  it('names the bad phrase and explains what is wrong with it', () => {
    expect(configError(() => normalizeEscalationOptions({ frustration: { phrases: ['ok', '* bad'] } })).message).toBe(
      'Invalid option "escalation.frustration.phrases[1]": the phrase "* bad" cannot start with a "*" gap.',
    );
  });

  it('fills in the documented defaults', () => {
    const o = normalizeEscalationOptions();
    expect(o.keyword.mode).toBe('auto');
    expect([o.botFailure, o.lowConfidence.mode, o.frustration.mode, o.sensitiveTopic.mode, o.botRequest]).toEqual([
      { mode: 'offer', after: 2 },
      'offer',
      'offer',
      'offer',
      'auto',
    ]);
    expect(o.lowConfidence.threshold).toBe(0.3);
    expect(Object.keys(o.sensitiveTopic.topics)).toEqual(['fraud', 'stolen card', 'dispute', 'bereavement', 'financial hardship']);
    expect(o.languages).toEqual(['en', 'sv', 'de', 'fr', 'es', 'ar']);
  });

  it('returns normalized options unchanged when given them again', () => {
    const o = normalizeEscalationOptions({ keyword: { phrases: ['call Anna'] } });
    expect(normalizeEscalationOptions(o)).toBe(o);
    expect(Object.isFrozen(o) && Object.isFrozen(o.keyword) && Object.isFrozen(o.keyword.phrases)).toBe(true);
    expect(createEscalationDetector(o).options).toBe(o);
  });

  it('compiles every built-in phrase of every language', () => {
    for (const lists of Object.values(DEFAULT_PHRASES)) {
      const d = createEscalationDetector({ keyword: { phrases: [...lists.askForPerson], ignore: [...lists.notAPersonRequest] } });
      expect(d.options.keyword.phrases.length).toBeGreaterThan(lists.askForPerson.length);
    }
  });

  it('throws an InputError for a text that is not a string', () => {
    expect(() => detector.inspectCustomer(42 as unknown as string, [])).toThrow(expect.objectContaining({ name: 'InputError', code: 'invalid_text' }));
  });
});

describe('cost on hostile input', () => {
  const fill = (unit: string, size: number): string => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const timed = (text: string): number => {
    const t0 = performance.now();
    detector.inspectCustomer(text, [msg('customer', text), msg('bot', text)]);
    return performance.now() - t0;
  };

  it.each([
    ['request openings', 'talk to '],
    ['bare keywords', 'agent '],
    ['one long word', 'a'],
    ['German openings', 'mit einem '],
    ['Arabic words with clitics', 'وبالموظف '],
    ['gaps everywhere', 'speak with x '],
    ['capitals', 'WHERE IS IT '],
  ])('inspects 100,000 characters of %s in linear time', (_name, unit) => {
    // As for masking: four times the text may take about four times as long, not sixteen.
    timed(fill(unit, 8_000));
    const small = Math.min(timed(fill(unit, 8_000)), timed(fill(unit, 8_000)), timed(fill(unit, 8_000)));
    const medium = Math.min(timed(fill(unit, 32_000)), timed(fill(unit, 32_000)));
    expect(medium).toBeLessThan(Math.max(10 * small, 250));
    expect(timed(fill(unit, 100_000))).toBeLessThan(3_000);
  });

  it('still finds a request at the end of a very long message', () => {
    expect(detector.inspectCustomer(`${'x '.repeat(49_990)} talk to a human`, [])).toMatchObject({ trigger: 'keyword' });
  });
});

describe('compiling the phrase lists ahead of need', () => {
  const samples = ['Can I talk to a real person?', 'kann ich mit einem Mitarbeiter sprechen', 'my card was stolen', 'this is useless', 'Your user agent string is wrong'];

  it('detects the same on first use as after warming up, one list per warm() call until none is left', () => {
    const cold = createEscalationDetector();
    const warm = createEscalationDetector();
    let calls = 1;
    while (warm.warm()) calls++;
    expect(calls).toBeGreaterThan(1);
    expect(warm.warm()).toBe(false);
    for (const text of samples) expect(warm.inspectCustomer(text, []), text).toEqual(cold.inspectCustomer(text, []));
    expect(cold.inspectCustomer('Can I talk to a real person?', [])?.trigger).toBe('keyword');
  });

  it('still refuses a bad site phrase when the detector is made, not later', () => {
    expect(() => createEscalationDetector({ keyword: { phrases: ['talk to * *'] } })).toThrow(/escalation\.keyword\.phrases\[0\]/);
  });
});
