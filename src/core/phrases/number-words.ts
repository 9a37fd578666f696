/**
 * Words that, just before a number, tell a phone number from an order number, per language.
 * Used by masking only: kept apart from the escalation phrases so masking does not carry them.
 */
import type { EscalationLanguage } from '../phrase-languages.js';

/** Words that say the number after them is a phone number ("tel", "call me on", "Handy"). */
export const PHONE_WORDS: Readonly<Record<EscalationLanguage, readonly string[]>> = {
  en: ['phone', 'telephone', 'tel', 'mobile', 'cell', 'cellphone', 'call', 'ring', 'whatsapp', 'sms', 'text', 'contact', 'landline'],
  sv: ['telefon', 'telefonnummer', 'tel', 'tfn', 'mobil', 'mobilnummer', 'mobilen', 'ring', 'ringa', 'ringer', 'sms', 'nås', 'hemnummer'],
  de: ['telefon', 'telefonnummer', 'tel', 'handy', 'handynummer', 'mobil', 'mobilnummer', 'rufnummer', 'festnetz', 'anrufen', 'rufen', 'erreichbar', 'whatsapp', 'sms'],
  fr: ['téléphone', 'tél', 'tel', 'portable', 'mobile', 'appeler', 'appelez', 'joignable', 'joindre', 'whatsapp', 'sms', 'fixe'],
  es: ['teléfono', 'tel', 'móvil', 'celular', 'cel', 'llamar', 'llámame', 'llamen', 'whatsapp', 'sms', 'fijo'],
  ar: ['هاتف', 'هاتفي', 'جوال', 'جوالي', 'موبايل', 'تلفون', 'تليفون', 'اتصل', 'اتصال', 'رقمي', 'واتساب', 'واتس'],
};

/** Words that say the number after them is an order, invoice, account or other reference. */
export const REFERENCE_WORDS: Readonly<Record<EscalationLanguage, readonly string[]>> = {
  en: ['order', 'orders', 'invoice', 'ref', 'reference', 'tracking', 'booking', 'confirmation', 'ticket', 'case', 'receipt', 'customer', 'serial', 'sku', 'item', 'article', 'isbn', 'po', 'zip', 'postcode', 'postal', 'id', 'parcel', 'shipment', 'transaction', 'account', 'code', 'product', 'model', 'part', 'reservation', 'membership'],
  sv: ['order', 'ordernummer', 'ordernr', 'beställning', 'beställningsnummer', 'faktura', 'fakturanummer', 'referens', 'kundnummer', 'ärende', 'ärendenummer', 'kvitto', 'artikel', 'artikelnummer', 'sändning', 'sändningsnummer', 'kolli', 'kollinummer', 'bokning', 'bokningsnummer', 'postnummer', 'personnummer', 'organisationsnummer', 'konto', 'kontonummer', 'kundnr', 'fakturanr', 'artikelnr'],
  de: ['bestellung', 'bestellnummer', 'rechnung', 'rechnungsnummer', 'auftrag', 'auftragsnummer', 'kundennummer', 'sendung', 'sendungsnummer', 'referenz', 'artikel', 'artikelnummer', 'buchung', 'buchungsnummer', 'vorgang', 'vorgangsnummer', 'plz', 'postleitzahl', 'paket', 'konto', 'kontonummer', 'bestell', 'bestellnr', 'kundennr', 'rechnungsnr', 'auftragsnr'],
  fr: ['commande', 'facture', 'référence', 'réf', 'suivi', 'colis', 'dossier', 'client', 'réservation', 'ticket', 'article', 'transaction', 'postal', 'compte', 'contrat'],
  es: ['pedido', 'factura', 'referencia', 'ref', 'seguimiento', 'envío', 'cliente', 'reserva', 'ticket', 'artículo', 'transacción', 'postal', 'expediente', 'cuenta', 'contrato'],
  ar: ['الطلب', 'طلب', 'طلبي', 'فاتورة', 'مرجع', 'الشحنة', 'شحنة', 'تتبع', 'حجز', 'حساب'],
};
