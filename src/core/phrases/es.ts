import type { LanguagePhrases } from '../phrase-languages.js';

/** Spanish. Phrase syntax: see `phrase-matcher.ts`. Accents are folded, so `atencion` = `atención`. */
export const es: LanguagePhrases = {
  askForPerson: [
    'hablar|hablo|chatear|comunicarme|comunicarse|conversar|platicar con|a * persona|personas|humano|humanos|agente|asesor|asesora|operador|operadora|representante|ejecutivo|ejecutiva|alguien|empleado|especialista|supervisor|encargado|gente',
    'pásame|páseme|pásenme|comunícame|comuníqueme|transfiéreme|transfiérame|conéctame|conécteme|ponme|póngame * persona|humano|agente|asesor|asesora|operador|operadora|representante|alguien|ejecutivo|ejecutiva',
    'persona|agente|asesor|asesora real|humano|humana|de_verdad',
    'quiero|necesito|quisiera|dame|deme|solicito|prefiero * agente|asesor|asesora|humano|operador|operadora|representante|ejecutivo|ejecutiva|atención_al_cliente|servicio_al_cliente',
    'con|contactar|llamar * atención|servicio al cliente',
    '=agente|humano|persona|asesor|asesora|operador|operadora|representante|ejecutivo|ejecutiva|alguien',
    '=atención|servicio al cliente',
  ],
  notAPersonRequest: [
    'agente|agentes de viajes|viaje|seguros|aduanas|ia|bolsa',
    'agente|agentes inmobiliario|inmobiliaria|secreto|virtual|virtuales|conversacional',
    'como un|una humano|persona|robot',
    'recursos humanos',
    'por persona',
  ],
  declines: ['no quiero|necesito|deseo|hace_falta', 'no es necesario'],
  filler: [
    'quiero', 'hablar', 'con', 'un', 'una', 'por', 'favor', 'ahora', 'hola', 'puedo', 'me', 'gustaría', 'necesito', 'el', 'la',
    'al', 'a', 'pásame', 'dame', 'sí', 'gracias', 'quisiera', 'real', 'ya', 'urgente', 'mismo', 'de', 'verdad',
  ],
  frustration: [
    'inútil|inútiles|ridículo|ridícula|vergüenza|vergonzoso|inaceptable|mierda|joder|coño|carajo|basura|pésimo|pésima|furioso|furiosa|enojado|enojada|enfadado|enfadada|harto|harta',
    'no sirve|sirves|sirven',
    'me tienes|tienen harto|harta',
    'no entiendes|entiende|entienden',
    'pérdida de tiempo',
    'por tercera|cuarta|quinta|enésima vez',
    'ya te|le|les * dije|expliqué|escribí|he_dicho',
    'cuántas veces',
    'bot|robot estúpido|inútil|tonto',
    'mal servicio',
    'servicio pésimo|malísimo|fatal',
  ],
  acknowledgements: ['sí', 'si', 'no', 'ok', 'vale', 'gracias', 'hola', 'ayuda', 'menú', 'volver'],
  sensitive: {
    fraud: [
      'fraude|fraudulento|fraudulenta|estafa|estafado|estafada|estafador|timo|timado|timada|phishing|suplantación|hackeado|hackearon|hackeada',
      'robo de identidad',
      'cargo|cargos|compra|compras|transacción|transacciones|movimiento|movimientos|cobro|cobros no autorizado|autorizada|autorizados|autorizadas|reconocido|reconocidos',
      'no reconozco * cargo|cargos|compra|movimiento|transacción|cobro',
    ],
    'stolen card': [
      'tarjeta|cartera|billetera * robada|robado|perdida|perdido|clonada|extraviada',
      'robaron|robó|perdí|extravié * tarjeta|cartera|billetera',
      'robo|pérdida de * tarjeta|cartera',
      'bloquear|bloquea|bloqueen|cancelar * tarjeta',
    ],
    dispute: [
      'disputa|disputar|impugnar|contracargo',
      'reclamación de * cargo|cobro',
      'cobrado|cobraron|cobró|cargado|cargaron * dos_veces|doble',
      'cobro|cargo doble|duplicado',
    ],
    bereavement: [
      'falleció|fallecido|fallecida|fallecimiento|difunto|difunta|defunción|funeral|velorio|luto|herencia|viuda|viudo',
      'madre|padre|marido|esposo|esposa|mujer|hijo|hija|hermano|hermana|abuelo|abuela|pareja * murió|falleció|ha_muerto',
      'perdí a mi * madre|padre|marido|esposo|esposa|hijo|hija|hermano|hermana|pareja',
    ],
    'financial hardship': [
      'no puedo * pagar',
      'no me alcanza',
      'dificultades|problemas económicas|económicos|financieras|financieros',
      'sin trabajo|empleo',
      'desempleado|desempleada|deudas|endeudado|endeudada|quiebra|bancarrota',
      'en paro',
      'perdí mi|el * trabajo|empleo',
      'plan de pagos',
      'aplazar * pago',
    ],
  },
};
