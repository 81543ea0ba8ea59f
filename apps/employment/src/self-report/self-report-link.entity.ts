import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An issued one-time self-report link (the token's jti); used_at makes it usable once. */
@Entity({ name: 'self_report_link' })
export class SelfReportLink {
  @PrimaryColumn('uuid') jti!: string;
  @Column('uuid') followUpId!: string;
  @Column('uuid') learnerId!: string;
  @Column('timestamptz') expiresAt!: Date;
  @Column('timestamptz', { nullable: true }) usedAt!: Date | null;
  @Column('timestamptz') createdAt!: Date;
}
