// „Fristen im Kalender abonnieren“: makes the secret address of the user's calendar feed (the Fristen
// of their scope as iCalendar) and shows it this once, with how to subscribe in Outlook and Thunderbird;
// the address can be revoked here too. The service keeps only its hash: a lost address is replaced.
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from '../gql';
import { Alert } from './Alert';

const CreateCalendarFeedMutation = graphql(`
  mutation CreateCalendarFeed {
    createCalendarFeed {
      path
    }
  }
`);

const RevokeCalendarFeedMutation = graphql(`
  mutation RevokeCalendarFeed {
    revokeCalendarFeed
  }
`);

type State =
  { kind: 'idle' } | { kind: 'created'; url: string } | { kind: 'revoked'; existed: boolean } | { kind: 'failed'; message: string };

export function CalendarFeed() {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [{ fetching: creating }, create] = useMutation(CreateCalendarFeedMutation);
  const [{ fetching: revoking }, revoke] = useMutation(RevokeCalendarFeedMutation);
  const failed = (message: string | undefined) =>
    setState({ kind: 'failed', message: message ?? 'Der Dienst ist nicht erreichbar. Bitte später erneut versuchen.' });

  const onCreate = async () => {
    const result = await create({});
    if (result.data) setState({ kind: 'created', url: `${window.location.origin}${result.data.createCalendarFeed.path}` });
    else failed(result.error?.graphQLErrors[0]?.message);
  };
  const onRevoke = async () => {
    const result = await revoke({});
    if (result.data) setState({ kind: 'revoked', existed: result.data.revokeCalendarFeed });
    else failed(result.error?.graphQLErrors[0]?.message);
  };

  return (
    <section className="kern-stack" aria-labelledby="kalender">
      <h2 id="kalender" className="kern-heading-medium">
        Fristen im Kalender abonnieren
      </h2>
      <p className="kern-body">
        Ihr Kalender (Outlook, Thunderbird) kann die Fristen Ihrer Zuwendungsbescheide abonnieren und hält sie selbst aktuell:
        Verwendungsnachweise, Verwendungsfristen der Auszahlungen, Ende der Bewilligungszeiträume und Schlussabrechnungen, auch die
        überfälligen.
      </p>
      {state.kind === 'created' && (
        <Alert variant="success" title="Die Adresse Ihres Kalenders ist erstellt">
          <div className="kern-stack">
            <div className="kern-form-input">
              <label className="kern-label" htmlFor="kalender-adresse">
                Adresse zum Abonnieren
              </label>
              <div className="kern-hint" id="kalender-adresse-hinweis">
                Sie wird nur jetzt angezeigt. Wer sie kennt, sieht Ihre Fristen: bitte nicht weitergeben.
              </div>
              <input
                id="kalender-adresse"
                className="kern-form-input__input"
                aria-describedby="kalender-adresse-hinweis"
                readOnly
                value={state.url}
                onFocus={(event) => event.currentTarget.select()}
              />
            </div>
            <ul className="kern-list">
              <li className="kern-body">
                <strong>Outlook:</strong> Kalender öffnen, „Kalender hinzufügen“ und „Aus dem Internet abonnieren“ wählen, die Adresse
                einfügen.
              </li>
              <li className="kern-body">
                <strong>Thunderbird:</strong> im Kalender „Neuer Kalender“, „Im Netzwerk“ wählen, die Adresse als Adresse des Kalenders
                einfügen.
              </li>
            </ul>
          </div>
        </Alert>
      )}
      {state.kind === 'revoked' && (
        <Alert
          variant="info"
          title={
            state.existed ? 'Die Adresse Ihres Kalenders ist widerrufen' : 'Es gab keine Adresse Ihres Kalenders, die zu widerrufen wäre'
          }
        >
          {state.existed && <p className="kern-body">Kalender, die sie abonniert haben, erhalten von nun an keine Fristen mehr.</p>}
        </Alert>
      )}
      {state.kind === 'failed' && (
        <Alert variant="danger" title="Die Adresse des Kalenders konnte nicht geändert werden">
          <p className="kern-body">{state.message}</p>
        </Alert>
      )}
      <div className="calendar-feed-actions">
        <button type="button" className="kern-btn kern-btn--secondary" disabled={creating} onClick={() => void onCreate()}>
          <span className="kern-label">{state.kind === 'created' ? 'Neue Adresse erstellen' : 'Adresse zum Abonnieren erstellen'}</span>
        </button>
        <button type="button" className="kern-btn kern-btn--tertiary" disabled={revoking} onClick={() => void onRevoke()}>
          <span className="kern-label">Adresse widerrufen</span>
        </button>
      </div>
      <p className="kern-body--small">Eine neue Adresse macht die bisherige ungültig.</p>
    </section>
  );
}
