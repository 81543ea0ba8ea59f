import { MigrationInterface, QueryRunner } from 'typeorm';

/** People, clusters, agreements, cluster activities and staffing returns. */
export class Partnerships1700000002000 implements MigrationInterface {
  name = 'Partnerships1700000002000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE partnerships.person (
      id              uuid PRIMARY KEY,
      organisation_id uuid NOT NULL REFERENCES partnerships.organisation (id),
      name            text NOT NULL,
      email           text NOT NULL,
      roles           text[] NOT NULL CHECK (cardinality(roles) > 0),
      language        text NOT NULL DEFAULT 'uz' CHECK (language IN ('uz','ru','en')),
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE UNIQUE INDEX person_email ON partnerships.person (organisation_id, lower(email))`);
    await db.query(`CREATE INDEX person_organisation ON partnerships.person (organisation_id, name, id)`);

    await db.query(`CREATE TABLE partnerships.cluster (
      id                   uuid PRIMARY KEY,
      name                 text NOT NULL,
      region               text NOT NULL,
      coordinator_id       uuid NOT NULL REFERENCES partnerships.organisation (id),
      anchor_university_id uuid NOT NULL REFERENCES partnerships.organisation (id),
      status               text NOT NULL CHECK (status IN ('awaiting_anchor','active','anchor_declined')),
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX cluster_name ON partnerships.cluster (name, id)`);
    await db.query(`CREATE TABLE partnerships.cluster_member (
      cluster_id      uuid NOT NULL REFERENCES partnerships.cluster (id),
      organisation_id uuid NOT NULL REFERENCES partnerships.organisation (id),
      role            text NOT NULL CHECK (role IN ('coordinator','anchor','member')),
      status          text NOT NULL CHECK (status IN ('invited','active','declined','left','removed')),
      invited_at      timestamptz NOT NULL DEFAULT now(),
      joined_at       timestamptz,
      ended_at        timestamptz,
      PRIMARY KEY (cluster_id, organisation_id)
    )`);
    await db.query(`CREATE INDEX cluster_member_organisation ON partnerships.cluster_member (organisation_id, status)`);

    await db.query(`CREATE TABLE partnerships.agreement (
      id                 uuid PRIMARY KEY,
      title              text NOT NULL,
      created_by         uuid NOT NULL REFERENCES partnerships.organisation (id),
      parties            uuid[] NOT NULL CHECK (cardinality(parties) BETWEEN 2 AND 50),
      scopes             text[] NOT NULL CHECK (cardinality(scopes) > 0),
      starts_on          date NOT NULL,
      ends_on            date NOT NULL CHECK (ends_on >= starts_on),
      document_ref       text,
      status             text NOT NULL CHECK (status IN ('draft','proposed','signed','active','expired','terminated')),
      terminated_by      uuid,
      termination_reason text,
      created_at         timestamptz NOT NULL DEFAULT now(),
      updated_at         timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX agreement_parties ON partnerships.agreement USING gin (parties)`);
    await db.query(`CREATE TABLE partnerships.agreement_signature (
      agreement_id    uuid NOT NULL REFERENCES partnerships.agreement (id),
      organisation_id uuid NOT NULL REFERENCES partnerships.organisation (id),
      signed_by_user  uuid NOT NULL,
      signed_at       timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agreement_id, organisation_id)
    )`);

    await db.query(`CREATE TABLE partnerships.activity (
      id           uuid PRIMARY KEY,
      cluster_id   uuid NOT NULL REFERENCES partnerships.cluster (id),
      organiser_id uuid NOT NULL REFERENCES partnerships.organisation (id),
      kind         text NOT NULL CHECK (kind IN ('seminar','gifted_club','olympiad_preparation','open_day','videoconference')),
      title        text NOT NULL,
      description  text,
      starts_at    timestamptz NOT NULL,
      ends_at      timestamptz NOT NULL CHECK (ends_at > starts_at),
      place        text,
      link         text,
      capacity     int NOT NULL CHECK (capacity > 0),
      -- The capacity rule lives in the database too: a registration that would overfill is refused here.
      registered   int NOT NULL DEFAULT 0 CHECK (registered >= 0 AND registered <= capacity),
      status       text NOT NULL CHECK (status IN ('scheduled','cancelled')),
      created_at   timestamptz NOT NULL DEFAULT now(),
      updated_at   timestamptz NOT NULL DEFAULT now(),
      CHECK (place IS NOT NULL OR link IS NOT NULL)
    )`);
    await db.query(`CREATE INDEX activity_cluster ON partnerships.activity (cluster_id, starts_at, id)`);
    await db.query(`CREATE TABLE partnerships.activity_registration (
      id              uuid PRIMARY KEY,
      activity_id     uuid NOT NULL REFERENCES partnerships.activity (id),
      organisation_id uuid NOT NULL REFERENCES partnerships.organisation (id),
      participants    int NOT NULL CHECK (participants > 0),
      created_at      timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX activity_registration_activity ON partnerships.activity_registration (activity_id, organisation_id)`);

    await db.query(`CREATE TABLE partnerships.staffing_return (
      school_id                uuid NOT NULL REFERENCES partnerships.organisation (id),
      year                     int NOT NULL,
      subject                  text NOT NULL,
      teachers_now             int NOT NULL CHECK (teachers_now >= 0),
      retiring                 int[] NOT NULL CHECK (cardinality(retiring) = 5),
      classes_now              int NOT NULL CHECK (classes_now >= 0),
      classes_projected        int[] NOT NULL CHECK (cardinality(classes_projected) = 5),
      weekly_hours_per_class   numeric(6,2) NOT NULL CHECK (weekly_hours_per_class > 0),
      weekly_hours_per_teacher numeric(6,2) NOT NULL CHECK (weekly_hours_per_teacher > 0),
      filed_at                 timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (school_id, year, subject)
    )`);
    await db.query(`CREATE INDEX staffing_return_subject ON partnerships.staffing_return (year, subject)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const t of ['staffing_return', 'activity_registration', 'activity', 'agreement_signature', 'agreement', 'cluster_member', 'cluster', 'person']) {
      await db.query(`DROP TABLE partnerships.${t}`);
    }
  }
}
