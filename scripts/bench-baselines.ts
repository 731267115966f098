// The benchmark's baselines: what PostgreSQL alone needs to compute the figures the API serves. Each
// query computes the same figures as the service (Rules 2 to 4, HALF_UP rounding) in one statement,
// so that the benchmark can also check that both agree to the cent.

/** Paid within the approval period, reversed or not. */
const IN_PERIOD = `e.payment_date is not null and e.payment_date >= n.approval_start and e.payment_date <= n.approval_end`;

/** Rule 2 apart from the category: not reversed and paid within the approval period. */
const COUNTS = `r.id is null and e.payment_date is not null and e.payment_date >= n.approval_start and e.payment_date <= n.approval_end`;

/**
 * Per notice of a programme: approved amount, budget check totals and excluded receipts (Rules 2 and
 * 3), payments up to a day and the settlement (Rule 4); finalised settlements with their stored
 * figures. Parameters: $1 programme id or null, $2 notice id or null, $3 the day.
 */
export const NOTICE_FIGURES_SQL = `
with n as (
  select n.id, n.reference, n.status, r.ags, r.name as recipient_name, v.id as version_id, v.approval_start, v.approval_end,
         v.approved_amount, v.financing_type, v.rate, v.own_funds, v.fixed_amount,
         coalesce(n.actual_third_party_funds, v.third_party_funds) as third_party, p.line_tolerance
    from grant_notice n
    join grant_notice_version v on v.id = n.current_version_id
    join funding_program p on p.id = n.funding_program_id
    join recipient r on r.id = n.recipient_id
   where ($1::uuid is null or n.funding_program_id = $1) and ($2::uuid is null or n.id = $2)
),
receipts as (
  select e.notice_id, e.category,
         sum(e.eligible_amount) filter (where ${COUNTS}) as counted,
         count(*) as rows,
         count(*) filter (where not (${COUNTS})) as excluded
    from n
    join expenditure e on e.notice_id = n.id
    left join expenditure_reversal r on r.expenditure_id = e.id
   group by e.notice_id, e.category
),
staff as (
  select a.notice_id, sum(a.amount) as amount
    from n
    join staff_allocation a on a.notice_id = n.id
    left join staff_allocation_reversal sr on sr.allocation_id = a.id
   where sr.id is null and a.month <= n.approval_end and (a.month + interval '1 month' - interval '1 day')::date >= n.approval_start
   group by a.notice_id
),
lines as (
  select n.id as notice_id, b.category, b.planned,
         coalesce(rc.counted, 0) + case when b.category = 'STAFF' then coalesce(s.amount, 0) else 0 end as actual,
         floor(b.planned * (1 + n.line_tolerance) * 100) / 100 as cap
    from n
    join budget_line b on b.notice_version_id = n.version_id
    left join receipts rc on rc.notice_id = n.id and rc.category = b.category
    left join staff s on s.notice_id = n.id
),
checks as (
  select notice_id, sum(planned) as planned_total, sum(actual) as actual_total,
         least(sum(least(actual, cap)), sum(planned)) as recognised_total
    from lines
   group by notice_id
),
excluded as (
  select rc.notice_id, sum(case when b.id is null then rc.rows else rc.excluded end) as excluded_count
    from receipts rc
    join n on n.id = rc.notice_id
    left join budget_line b on b.notice_version_id = n.version_id and b.category = rc.category
   group by rc.notice_id
),
paid as (
  select p.notice_id, sum(p.amount) as paid
    from n
    join payment p on p.notice_id = n.id
   where p.paid_on <= $3::date and not exists (select 1 from payment_reversal pr where pr.payment_id = p.id)
   group by p.notice_id
),
figures as (
  select n.*, coalesce(c.planned_total, 0) as planned_total, coalesce(c.actual_total, 0) as actual_total,
         coalesce(c.recognised_total, 0) as recognised, coalesce(x.excluded_count, 0) as excluded_count, coalesce(p.paid, 0) as paid
    from n
    left join checks c on c.notice_id = n.id
    left join excluded x on x.notice_id = n.id
    left join paid p on p.notice_id = n.id
),
settled as (
  select f.*,
         coalesce(fs.recognised_total, f.recognised) as settled_recognised,
         coalesce(fs.paid_total, f.paid) as paid_total,
         coalesce(fs.final_grant, round(least(
           case f.financing_type
             when 'SHARE' then least(f.approved_amount, f.rate * f.recognised)
             when 'DEFICIT' then least(f.approved_amount, greatest(0, f.recognised - f.own_funds - f.third_party))
             when 'FIXED_AMOUNT' then least(f.approved_amount, f.recognised, coalesce(f.fixed_amount, f.approved_amount))
             else least(f.approved_amount, f.recognised)
           end,
           greatest(0, f.recognised - f.third_party)), 2)) as final_grant
    from figures f
    left join final_settlement fs on fs.notice_id = f.id
)
select id, reference, ags, recipient_name, approved_amount::text as approved_amount,
       planned_total::text as planned_total, actual_total::text as actual_total, recognised::text as recognised_total,
       excluded_count::int as excluded_count, paid_total::text as paid_total, settled_recognised::text as settled_recognised,
       final_grant::text as final_grant, (final_grant - paid_total)::text as balance
  from settled
 order by id`;

/** One grant's budget check (Rule 3) line by line. Parameters: $1 notice id. */
export const BUDGET_CHECK_SQL = `
with n as (
  select n.id, v.id as version_id, v.approval_start, v.approval_end, p.line_tolerance
    from grant_notice n
    join grant_notice_version v on v.id = n.current_version_id
    join funding_program p on p.id = n.funding_program_id
   where n.id = $1
),
-- What was paid within the period, in one pass over the notice's receipts without joining them to the
-- reversals; the few reversed receipts, read through their own index, are taken off in \`receipts\`.
paid as (
  select e.category,
         sum(e.eligible_amount) filter (where ${IN_PERIOD}) as amount,
         count(*) filter (where ${IN_PERIOD}) as paid,
         count(*) as rows
    from expenditure e
    cross join n
   where e.notice_id = $1
   group by e.category
),
reversed as (
  select e.category,
         sum(e.eligible_amount) filter (where ${IN_PERIOD}) as amount,
         count(*) filter (where ${IN_PERIOD}) as paid
    from expenditure_reversal r
    join expenditure e on e.id = r.expenditure_id
    cross join n
   where r.notice_id = $1
   group by e.category
),
receipts as (
  select p.category, coalesce(p.amount, 0) - coalesce(x.amount, 0) as counted, p.rows,
         p.rows - (p.paid - coalesce(x.paid, 0)) as excluded
    from paid p
    left join reversed x on x.category = p.category
),
staff as (
  select sum(a.amount) as amount
    from n
    join staff_allocation a on a.notice_id = n.id
    left join staff_allocation_reversal sr on sr.allocation_id = a.id
   where sr.id is null and a.month <= n.approval_end and (a.month + interval '1 month' - interval '1 day')::date >= n.approval_start
)
select b.category::text as category, b.planned::text as planned,
       (coalesce(rc.counted, 0) + case when b.category = 'STAFF' then coalesce((select amount from staff), 0) else 0 end)::text as actual,
       least(coalesce(rc.counted, 0) + case when b.category = 'STAFF' then coalesce((select amount from staff), 0) else 0 end,
             floor(b.planned * (1 + n.line_tolerance) * 100) / 100)::text as recognised,
       (select sum(case when bl.id is null then r2.rows else r2.excluded end)
          from receipts r2 left join budget_line bl on bl.notice_version_id = n.version_id and bl.category = r2.category)::int as excluded_count
  from n
  join budget_line b on b.notice_version_id = n.version_id
  left join receipts rc on rc.category = b.category
 order by b.category`;
