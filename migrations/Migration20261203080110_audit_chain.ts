import { Migration } from '@mikro-orm/migrations';

/**
 * The content of an event as the chain hashes it: its fields as one jsonb object, whose text form
 * PostgreSQL writes with its keys in a fixed order whatever order they were given in, the time in
 * UTC to the microsecond. The service's verification (src/services/audit-chain.ts) has its own copy.
 */
const content = (row: string) =>
  `jsonb_build_object('id', ${row}.id, 'occurredAt', to_char(${row}.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), ` +
  `'actorSubject', ${row}.actor_subject, 'actorName', ${row}.actor_name, 'actorRole', ${row}.actor_role, 'requestId', ${row}.request_id, ` +
  `'entityType', ${row}.entity_type, 'entityId', ${row}.entity_id, 'action', ${row}.action, 'before', ${row}.before, 'after', ${row}.after)::text`;

/** sha256 (hex) over the previous event's hash (nothing for the first) followed by the content. */
const hash = (previous: string, row: string) => `encode(sha256(convert_to(coalesce(${previous}, '') || ${content(row)}, 'UTF8')), 'hex')`;

/** Key of the transaction-scoped advisory lock that lets one transaction at a time append to the chain. */
const CHAIN_LOCK = 7_412_026;

export class Migration20261203080110_audit_chain extends Migration {

  override name = 'Migration20261203080110_audit_chain';

  override up(): void | Promise<void> {
    this.addSql(`alter table "audit_event" add "chain_seq" bigint null, add "previous_hash" text null, add "hash" text null;`);
    this.addSql(`alter table "audit_event" add constraint "audit_event_chain_seq_key" unique ("chain_seq");`);

    // The events so far are chained in the order of their ids (time-ordered UUIDs), once, here.
    this.addSql(`alter table "audit_event" disable trigger "append_only";`);
    this.addSql(`do $$ declare
        event record;
        previous text := null;
        position bigint := 0;
      begin
        for event in select * from audit_event order by id loop
          position := position + 1;
          update audit_event set chain_seq = position, previous_hash = previous, hash = ${hash('previous', 'event')}
           where id = event.id returning audit_event.hash into previous;
        end loop;
      end $$;`);
    this.addSql(`alter table "audit_event" enable trigger "append_only";`);

    // From now on the database chains every event as it is written, whichever statement writes it. The
    // lock serialises the appends of concurrent transactions until they end, so that the chain never
    // forks; a statement inserting many events sees its own earlier rows, and chains them one by one.
    this.addSql(`create or replace function "audit_event_chain_fn"() returns trigger as $$
      declare
        head record;
      begin
        if new.chain_seq is not null or new.previous_hash is not null or new.hash is not null then
          raise exception 'audit events are chained by the database: an event with its own chain position or hash is refused'
            using errcode = 'insufficient_privilege';
        end if;
        if new.occurred_at < now() - interval '5 minutes' or new.occurred_at > clock_timestamp() + interval '5 minutes' then
          raise exception 'audit events are chained by the database: an event of % is refused at %', new.occurred_at, clock_timestamp()
            using errcode = 'insufficient_privilege';
        end if;
        perform pg_advisory_xact_lock(${CHAIN_LOCK});
        select e.chain_seq, e.hash into head from audit_event e where e.chain_seq is not null order by e.chain_seq desc limit 1;
        new.chain_seq := coalesce(head.chain_seq, 0) + 1;
        new.previous_hash := head.hash;
        new.hash := ${hash('head.hash', 'new')};
        return new;
      end;
      $$ language plpgsql;`);
    this.addSql(`create trigger "chain" before insert on "audit_event" for each row execute function "audit_event_chain_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "audit_event" drop constraint "audit_event_chain_seq_key";`);
    this.addSql(`drop trigger if exists "chain" on "audit_event";`);
    this.addSql(`drop function if exists "audit_event_chain_fn"();`);
    this.addSql(`alter table "audit_event" drop column "chain_seq", drop column "previous_hash", drop column "hash";`);
  }

}
