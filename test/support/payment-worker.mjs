// A second process writing payments straight to PostgreSQL, as another server would: it inserts the
// given number of payments of 5,000.00 at once and prints which were acknowledged and which refused.
import process from 'node:process';
import pg from 'pg';

const [url, noticeId, recipientId, count] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, max: 10 });
const outcomes = await Promise.allSettled(
  Array.from({ length: Number(count) }, async () => {
    const { rows } = await pool.query(
      `insert into payment (id, created_at, notice_id, recipient_id, paid_on, amount)
       values (gen_random_uuid(), now(), $1, $2, '2020-07-15', 5000.00) returning id`,
      [noticeId, recipientId],
    );
    return rows[0].id;
  }),
);
await pool.end();
process.stdout.write(
  JSON.stringify({
    acknowledged: outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : [])),
    refused: outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason.constraint ?? outcome.reason.message] : [])),
  }),
);
