import { Migration } from '@mikro-orm/migrations';

export class Migration20261122205539_audit_trail extends Migration {

  override name = 'Migration20261122205539_audit_trail';

  override up(): void | Promise<void> {
    this.addSql(`create type "audit_action" as enum ('CREATE', 'UPDATE', 'DELETE');`);
    this.addSql(`create table "audit_event" ("id" uuid not null, "occurred_at" timestamptz not null, "actor_subject" text not null, "actor_name" text not null, "actor_role" text not null, "request_id" text null, "entity_type" text not null, "entity_id" text not null, "action" "audit_action" not null, "before" jsonb null, "after" jsonb null, primary key ("id"));`);
    this.addSql(`create index "audit_event_actor_idx" on "audit_event" ("actor_subject");`);
    this.addSql(`create index "audit_event_occurred_at_idx" on "audit_event" ("occurred_at");`);
    this.addSql(`create index "audit_event_entity_idx" on "audit_event" ("entity_type", "entity_id");`);

    this.addSql(`create or replace function "audit_event_append_only_fn"() returns trigger as \$\$ begin raise exception 'audit events are append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "append_only" BEFORE UPDATE OR DELETE on "audit_event" for each ROW execute function "audit_event_append_only_fn"();`);

    // Written by hand, not declared on the entity: PostgreSQL leaves TRUNCATE triggers out of
    // information_schema.triggers, which MikroORM reads back, so a declared one would look missing
    // after every migration and the schema diff would never be empty.
    this.addSql(`create or replace function "audit_event_no_truncate_fn"() returns trigger as \$\$ begin raise exception 'audit events are append-only: % refused', tg_op using errcode = 'insufficient_privilege'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "no_truncate" BEFORE TRUNCATE on "audit_event" for each STATEMENT execute function "audit_event_no_truncate_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "no_truncate" on "audit_event";`);
    this.addSql(`drop function if exists "audit_event_no_truncate_fn"();`);
    this.addSql(`drop trigger if exists "append_only" on "audit_event";`);
    this.addSql(`drop function if exists "audit_event_append_only_fn"();`);
    this.addSql(`drop table if exists "audit_event" cascade;`);

    this.addSql(`drop type "audit_action";`);
  }

}
