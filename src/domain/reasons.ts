// The catalogue of reasons: every refusal carries one of these stable codes in `extensions.reason`,
// so that a user interface can react to it without reading the German message. Each entry says in
// German what the reason means; the README lists them all, and a test checks that every reason the
// code can give is here and that every reason here is given by some test.

/** Why an input, an operation or a request was refused. */
export const REFUSAL_REASONS = {
  // Values that cannot be read at all.
  INVALID_VALUE: 'Der Wert hat nicht die erwartete Form.',
  INVALID_MONEY: 'Kein gültiger Geldbetrag (Dezimalzeichenkette mit höchstens zwei Nachkommastellen).',
  INVALID_RATE: 'Kein gültiger Satz (Dezimalzahl zwischen 0 und 1 mit höchstens vier Nachkommastellen).',
  INVALID_HOURS: 'Keine gültige Stundenzahl (Dezimalzeichenkette mit höchstens zwei Nachkommastellen).',
  INVALID_DATE: 'Kein gültiges Datum (JJJJ-MM-TT).',
  INVALID_ID: 'Keine gültige Kennung (UUID).',
  INVALID_CURSOR: 'Kein gültiger Seitenzeiger.',
  INVALID_PAGE_SIZE: 'Unzulässige Seitengröße.',
  REQUIRED: 'Ein Pflichtfeld fehlt oder ist leer.',
  DRY_RUN_MIXED: 'Ein Probelauf (dryRun) und Änderungen, die gespeichert werden sollen, stehen in derselben Anfrage.',
  TEXT_TOO_LONG: 'Ein Text ist länger als erlaubt.',
  NEGATIVE_AMOUNT: 'Ein Betrag darf nicht negativ sein.',
  AMOUNT_NOT_POSITIVE: 'Ein Betrag muss größer als 0,00 € sein.',
  NEGATIVE_ZERO: 'Ein Betrag „-0,00“ ist nicht eindeutig.',
  FIELD_NOT_USED: 'Ein Feld wird bei der gewählten Methode oder dem gewählten Schlüssel nicht verwendet und muss leer bleiben.',
  // Records and access.
  RECORD_NOT_FOUND: 'Der Datensatz existiert nicht oder liegt außerhalb der eigenen Zuständigkeit.',
  STALE_VERSION: 'Der Datensatz wurde inzwischen von jemand anderem geändert.',
  ROLE_NOT_PERMITTED: 'Die eigene Rolle darf diese Aktion nicht ausführen.',
  NOT_SIGNED_IN: 'Keine gültige Anmeldung.',
  SESSION_EXPIRED: 'Die Sitzung ist abgelaufen oder wurde beendet; eine neue Anmeldung ist nötig.',
  CSRF_TOKEN_MISSING: 'Eine Anfrage mit der Sitzung einer Seite trägt nicht deren Sicherheitsmerkmal (CSRF-Token).',
  UNKNOWN_ENTITY_TYPE: 'Diese Datensatzart gibt es nicht.',
  DUPLICATE_RECORD: 'Ein gleicher Datensatz ist bereits erfasst.',
  ALREADY_IMPORTED: 'Die Datei wurde auf diesem Zuwendungsbescheid bereits eingelesen.',
  FILE_TOO_LARGE_UNPACKED: 'Die Arbeitsmappe ist entpackt größer, als ein Import lesen darf.',
  TOO_MANY_ROWS: 'Die Datei hat mehr Belegzeilen, als ein Import lesen darf.',
  TOO_MANY_CELLS: 'Die Datei hat mehr Spalten oder verschiedene Texte, als ein Import lesen darf.',
  FILE_MISSING: 'Die Anfrage enthält keine Datei.',
  MORE_THAN_ONE_FILE: 'Die Anfrage enthält mehr als eine Datei; ein Import liest genau eine.',
  TOO_MANY_IMPORTS: 'Es laufen bereits so viele Importe derselben Anmeldung, wie gleichzeitig erlaubt sind.',
  REFERENCED_RECORD_MISSING: 'Ein verknüpfter Datensatz fehlt oder wird noch verwendet.',
  VALUE_OUT_OF_RANGE: 'Ein Wert liegt außerhalb seines zulässigen Bereichs.',
  DATE_OUT_OF_ORDER: 'Ein Datum liegt vor einem Datum, dem es folgen muss.',
  NOTICE_CLOSED: 'Der Zuwendungsbescheid ist abgerechnet oder widerrufen; er nimmt keine Buchungen mehr an.',
  ELIGIBLE_ABOVE_AMOUNT: 'Der zuwendungsfähige Betrag muss zwischen 0,00 € und dem Betrag des Belegs liegen.',
  PART_OF_SHARED_INVOICE: 'Der Beleg ist Teil einer gemeinsamen Rechnung und wird nur mit ihr storniert.',
  ALREADY_REVERSED: 'Der Datensatz ist bereits storniert.',
  ALREADY_SETTLED: 'Die Schlussabrechnung ist bereits abgeschlossen.',
  NOTICE_REVOKED: 'Der Zuwendungsbescheid ist widerrufen.',
  INVALID_STATUS_CHANGE: 'Der Datensatz kann aus seinem Status nicht in den gewünschten wechseln.',
  REQUEST_NOT_EDITABLE: 'Nur ein Mittelabruf im Entwurf kann bearbeitet werden.',
  APPLICATION_OF_OTHER_PROJECT: 'Der Förderantrag gehört zu einem anderen Vorhaben oder Förderprogramm.',
  REQUEST_OF_OTHER_NOTICE: 'Der Mittelabruf gehört zu einem anderen Zuwendungsbescheid.',
  // Rule 5: disbursements.
  PAYMENTS_ABOVE_APPROVED: 'Die Auszahlungen würden den bewilligten Betrag übersteigen.',
  DISBURSEMENT_ABOVE_REMAINING: 'Der Mittelabruf übersteigt, was vom bewilligten Betrag noch ausgezahlt werden kann.',
  // Rule 1: the approved amount.
  APPROVED_ABOVE_CAP: 'Der bewilligte Betrag übersteigt die Obergrenze der Finanzierungsart.',
  RATE_ABOVE_PROGRAMME_MAXIMUM: 'Der Fördersatz übersteigt den Höchstsatz des Programms.',
  BUDGET_YEAR_MISSING: 'Für das Haushaltsjahr ist im Programm kein Haushaltsansatz erfasst.',
  BUDGET_BELOW_COMMITTED: 'Der Haushaltsansatz des Jahres läge unter dem, was Zuwendungsbescheide bereits binden.',
  BUDGET_EXCEEDED: 'Der Haushaltsansatz des Jahres würde überschritten.',
  CO_FUNDING_ABOVE_COSTS: 'Eigenmittel und Drittmittel übersteigen zusammen die zuwendungsfähigen Ausgaben.',
  CATEGORY_NOT_ELIGIBLE: 'Die Kostenkategorie ist im Programm nicht förderfähig.',
  PLAN_NOT_TOTAL: 'Die Ansätze des Finanzierungsplans ergeben zusammen nicht die zuwendungsfähigen Ausgaben.',
  PLAN_NOT_BALANCED: 'Eigenmittel, Drittmittel und Zuwendung ergeben zusammen nicht die zuwendungsfähigen Ausgaben.',
  // Interest on funds not used in time.
  BASE_RATE_MISSING: 'Für die Zinsberechnung ist kein Basiszinssatz erfasst.',
  // Rule 8: joint purchases.
  OTHER_PROGRAMME: 'Der Zuwendungsbescheid wurde in einem anderen Förderprogramm bewilligt.',
  NOT_MEMBER: 'Der Zuwendungsempfänger ist am maßgeblichen Tag nicht Mitglied der Zweckvereinbarung.',
  SHARES_NOT_ONE: 'Die festen Anteile einer gemeinsamen Rechnung ergeben zusammen nicht genau 100 %.',
  // Rule 7: staff costs.
  NOT_EMPLOYER: 'Personalausgaben können nur auf einen Zuwendungsbescheid des Arbeitgebers gebucht werden.',
  MONTH_OUTSIDE_PERIOD: 'Ein Monat liegt ganz außerhalb des Bewilligungszeitraums.',
  FLAT_RATE_MISSING: 'Für die Entgeltgruppe und das Jahr ist im Programm kein Personalkostensatz erfasst.',
  SHARE_ABOVE_ONE: 'Die Anteile eines Beschäftigten in einem Monat übersteigen zusammen 1.',
  // The service itself.
  STORAGE_FULL: 'Der Speicherplatz der Datenbank ist erschöpft; es wurde nichts gespeichert.',
  SERVICE_BUSY: 'Der Dienst bearbeitet gerade so viele Anfragen, wie er zugleich annimmt; die Anfrage wurde nicht bearbeitet.',
} as const;

export type RefusalReason = keyof typeof REFUSAL_REASONS;
