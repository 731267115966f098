// Zweckvereinbarung: an inter-municipal cooperation, its members over time and the resolutions behind them.
import { Collection, type Opt } from '@mikro-orm/core';
import { Check, Entity, ManyToOne, OneToMany, Property, Unique } from '@mikro-orm/decorators/legacy';
import type { LocalDate } from '../domain/local-date.js';
import { EditableRecord, ImmutableRecord } from './base.js';
import { Recipient } from './recipient.js';
import { LocalDateType } from './types.js';

@Entity()
export class Cooperation extends EditableRecord {
  @Property({ type: 'text' })
  name!: string;

  /** The agreement that constitutes it, e.g. "Zweckvereinbarung … interkommunales Serviceteam". */
  @Property({ type: 'text' })
  agreement!: string;

  @Property({ type: 'text', nullable: true })
  purpose?: string | null;

  @OneToMany(() => CooperationMembership, (membership) => membership.cooperation, { orderBy: { joinedOn: 'asc', id: 'asc' } })
  memberships = new Collection<CooperationMembership>(this);
}

/** Mitgliedschaft: one recipient's membership from joining until leaving. */
@Entity()
@Unique({ name: 'cooperation_membership_unique', properties: ['cooperation', 'recipient', 'joinedOn'] })
@Unique({ name: 'cooperation_membership_one_lead', properties: ['cooperation'], where: 'is_lead and left_on is null' })
@Check({ name: 'cooperation_membership_period', expression: 'left_on is null or left_on >= joined_on' })
export class CooperationMembership extends EditableRecord {
  @ManyToOne(() => Cooperation)
  cooperation!: Cooperation;

  @ManyToOne(() => Recipient, { index: 'cooperation_membership_recipient_idx' })
  recipient!: Recipient;

  /** Federführung: the lead member. */
  @Property({ type: 'boolean' })
  isLead: Opt<boolean> = false;

  @Property({ type: LocalDateType })
  joinedOn!: LocalDate;

  @Property({ type: LocalDateType, nullable: true })
  leftOn?: LocalDate | null;

  @OneToMany(() => CooperationResolution, (resolution) => resolution.membership, { orderBy: { adoptedOn: 'asc', id: 'asc' } })
  resolutions = new Collection<CooperationResolution>(this);
}

/** Beschluss: a council resolution behind a membership, e.g. KT/103/2020 of 24.06.2020. */
@Entity()
export class CooperationResolution extends ImmutableRecord {
  @ManyToOne(() => CooperationMembership, { index: 'cooperation_resolution_membership_idx' })
  membership!: CooperationMembership;

  /** Gremium, e.g. "Kreistag Unstrut-Hainich-Kreis". */
  @Property({ type: 'text' })
  body!: string;

  /** Beschluss- oder Drucksachennummer. */
  @Property({ type: 'text' })
  number!: string;

  @Property({ type: LocalDateType })
  adoptedOn!: LocalDate;

  @Property({ type: 'text' })
  subject!: string;
}
