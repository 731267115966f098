import { Migration } from '@mikro-orm/migrations';

export class Migration20261122215126_base_rates extends Migration {

  override name = 'Migration20261122215126_base_rates';

  override up(): void | Promise<void> {
    // The Bundesbank base rates (Basiszinssatz) of DOMAIN.md, Rule 6; administrators add later ones.
    this.addSql(`insert into "base_rate" ("id", "created_at", "updated_at", "version", "valid_from", "rate") values
      (gen_random_uuid(), now(), now(), 1, '2016-07-01', -0.0088),
      (gen_random_uuid(), now(), now(), 1, '2023-01-01', 0.0162),
      (gen_random_uuid(), now(), now(), 1, '2023-07-01', 0.0312),
      (gen_random_uuid(), now(), now(), 1, '2024-01-01', 0.0362),
      (gen_random_uuid(), now(), now(), 1, '2024-07-01', 0.0337),
      (gen_random_uuid(), now(), now(), 1, '2025-01-01', 0.0227),
      (gen_random_uuid(), now(), now(), 1, '2025-07-01', 0.0127)
      on conflict ("valid_from") do nothing;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "base_rate" where "valid_from" in ('2016-07-01', '2023-01-01', '2023-07-01', '2024-01-01', '2024-07-01', '2025-01-01', '2025-07-01');`);
  }

}
