import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An employment centre's interest in the graduates of one region. */
@Entity({ name: 'centre_subscription' })
export class CentreSubscription {
  @PrimaryColumn('uuid') centreId!: string;
  @PrimaryColumn('text') region!: string;
  @Column('timestamptz') createdAt!: Date;
}
