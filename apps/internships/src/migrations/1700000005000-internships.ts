import { MigrationInterface, QueryRunner } from 'typeorm';

export class Internships1700000005000 implements MigrationInterface {
  name = 'Internships1700000005000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE internships.placement (
      id                   uuid PRIMARY KEY,
      enterprise_id        uuid        NOT NULL,
      title                text        NOT NULL,
      description          text        NOT NULL,
      competencies         text[]      NOT NULL DEFAULT '{}',
      specialty            text        NOT NULL,
      region               text        NOT NULL,
      location             text        NOT NULL,
      capacity             int         NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
      -- The last line of defence for "capacity is never exceeded": no transaction can commit more.
      accepted_count       int         NOT NULL DEFAULT 0 CHECK (accepted_count BETWEEN 0 AND capacity),
      starts_on            date        NOT NULL,
      ends_on              date        NOT NULL CHECK (ends_on >= starts_on),
      application_deadline timestamptz NOT NULL,
      paid                 boolean     NOT NULL,
      visibility           text        NOT NULL CHECK (visibility IN ('public', 'partners', 'cluster')),
      status               text        NOT NULL CHECK (status IN ('open', 'closed', 'filled')),
      closed_reason        text,
      first_accepted_at    timestamptz,
      search               tsvector GENERATED ALWAYS AS (
                             to_tsvector('simple', title || ' ' || description || ' ' || location || ' ' || specialty)) STORED,
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now()
    )`);
    // Search: schools look at open placements, filtered by region or specialty, in date order; the
    // partial indexes keep closed history out of the hot path.
    await db.query(`CREATE INDEX placement_open_starts ON internships.placement (starts_on, id) WHERE status = 'open'`);
    await db.query(`CREATE INDEX placement_open_deadline ON internships.placement (application_deadline, id) WHERE status = 'open'`);
    await db.query(`CREATE INDEX placement_open_region ON internships.placement (region, starts_on, id) WHERE status = 'open'`);
    await db.query(`CREATE INDEX placement_open_specialty ON internships.placement (specialty, starts_on, id) WHERE status = 'open'`);
    await db.query(`CREATE INDEX placement_all_starts ON internships.placement (starts_on, id)`);
    await db.query(`CREATE INDEX placement_enterprise ON internships.placement (enterprise_id, starts_on, id)`);
    await db.query(`CREATE INDEX placement_competencies ON internships.placement USING gin (competencies)`);
    await db.query(`CREATE INDEX placement_search ON internships.placement USING gin (search)`);

    await db.query(`CREATE TABLE internships.nomination (
      id              uuid PRIMARY KEY,
      placement_id    uuid        NOT NULL REFERENCES internships.placement (id),
      enterprise_id   uuid        NOT NULL,
      school_id       uuid        NOT NULL,
      learner_id      uuid        NOT NULL,
      motivation      text        NOT NULL,
      status          text        NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected', 'confirmed')),
      decision_reason text,
      decided_at      timestamptz,
      -- Lists page by (created_at, id); milliseconds, so the cursor (a JS date) matches the row exactly.
      created_at      timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT nomination_once_per_learner UNIQUE (placement_id, learner_id)
    )`);
    await db.query(`CREATE INDEX nomination_school ON internships.nomination (school_id, created_at, id)`);
    await db.query(`CREATE INDEX nomination_enterprise ON internships.nomination (enterprise_id, created_at, id)`);

    await db.query(`CREATE TABLE internships.internship (
      id               uuid PRIMARY KEY,
      nomination_id    uuid        NOT NULL UNIQUE REFERENCES internships.nomination (id),
      placement_id     uuid        NOT NULL REFERENCES internships.placement (id),
      enterprise_id    uuid        NOT NULL,
      school_id        uuid        NOT NULL,
      learner_id       uuid        NOT NULL,
      specialty        text        NOT NULL,
      starts_on        date        NOT NULL,
      ends_on          date        NOT NULL,
      status           text        NOT NULL CHECK (status IN ('confirmed', 'started', 'completed', 'withdrawn', 'cancelled')),
      guardian_consent jsonb,
      started_on       date,
      completed_on     date,
      ended_by         text CHECK (ended_by IN ('school', 'enterprise')),
      ended_reason     text,
      ended_on         date,
      created_at       timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
      updated_at       timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX internship_school ON internships.internship (school_id, created_at, id)`);
    await db.query(`CREATE INDEX internship_enterprise ON internships.internship (enterprise_id, created_at, id)`);

    await db.query(`CREATE TABLE internships.evaluation (
      internship_id uuid        NOT NULL REFERENCES internships.internship (id),
      party         text        NOT NULL CHECK (party IN ('enterprise', 'school')),
      scores        jsonb,
      grade         int CHECK (grade BETWEEN 1 AND 5),
      hours         int CHECK (hours BETWEEN 0 AND 5000),
      comment       text,
      evaluated_by  text        NOT NULL,
      evaluated_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (internship_id, party)
    )`);

    // Read models of other services' events.
    await db.query(`CREATE TABLE internships.known_learner (
      learner_id uuid PRIMARY KEY,
      school_id  uuid        NOT NULL,
      specialty  text        NOT NULL,
      minor      boolean     NOT NULL,
      erased     boolean     NOT NULL DEFAULT false,
      as_of      timestamptz NOT NULL
    )`);
    await db.query(`CREATE TABLE internships.partner_agreement (
      agreement_id uuid PRIMARY KEY,
      parties      uuid[]      NOT NULL,
      scopes       text[]      NOT NULL,
      ends_on      date        NOT NULL,
      active       boolean     NOT NULL,
      as_of        timestamptz NOT NULL
    )`);
    await db.query(`CREATE INDEX partner_agreement_parties ON internships.partner_agreement USING gin (parties) WHERE active`);
    await db.query(`CREATE TABLE internships.cluster_member (
      cluster_id      uuid NOT NULL,
      organisation_id uuid NOT NULL,
      PRIMARY KEY (cluster_id, organisation_id)
    )`);
    await db.query(`CREATE INDEX cluster_member_organisation ON internships.cluster_member (organisation_id)`);
    await db.query(`CREATE TABLE internships.organisation (
      id     uuid PRIMARY KEY,
      type   text        NOT NULL,
      name   text        NOT NULL,
      region text        NOT NULL,
      as_of  timestamptz NOT NULL
    )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const t of ['organisation', 'cluster_member', 'partner_agreement', 'known_learner', 'evaluation', 'internship', 'nomination', 'placement']) {
      await db.query(`DROP TABLE internships.${t}`);
    }
  }
}
