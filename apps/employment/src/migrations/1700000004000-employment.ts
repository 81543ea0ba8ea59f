import { MigrationInterface, QueryRunner } from 'typeorm';

export class Employment1700000004000 implements MigrationInterface {
  name = 'Employment1700000004000';

  async up(db: QueryRunner): Promise<void> {
    // Personal data (full_name, date_of_birth, email, phone, school_ref) lives only in this table and is
    // nulled on erasure; the other columns are what statistics need and stay. The current_* columns,
    // first_job_on and the internship flags are kept up to date with every status report, so outcome
    // reports aggregate one row per learner instead of scanning the status history.
    await db.query(`CREATE TABLE employment.learner (
      id                    uuid PRIMARY KEY,
      school_id             uuid NOT NULL,
      school_ref            text,
      full_name             text,
      date_of_birth         date,
      email                 text,
      phone                 text,
      specialty             text NOT NULL,
      cohort_year           int  NOT NULL,
      expected_graduation   date NOT NULL,
      region                text NOT NULL,
      consent_follow_up     boolean NOT NULL DEFAULT false,
      consent_centre        boolean NOT NULL DEFAULT false,
      graduated_on          date,
      current_status        text,
      current_effective_on  date,
      current_reported_at   timestamptz,
      first_job_on          date,
      had_internship        boolean NOT NULL DEFAULT false,
      hired_by_host         boolean NOT NULL DEFAULT false,
      erased_at             timestamptz,
      created_at            timestamptz NOT NULL DEFAULT now(),
      updated_at            timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE UNIQUE INDEX learner_school_ref ON employment.learner (school_id, school_ref) WHERE school_ref IS NOT NULL`);
    await db.query(`CREATE INDEX learner_school_cohort ON employment.learner (school_id, cohort_year, specialty)`);
    await db.query(`CREATE INDEX learner_region_graduates ON employment.learner (region, cohort_year) WHERE graduated_on IS NOT NULL`);
    await db.query(`CREATE INDEX learner_specialty_graduates ON employment.learner (specialty, cohort_year) WHERE graduated_on IS NOT NULL`);

    await db.query(`CREATE TABLE employment.status_report (
      id            uuid PRIMARY KEY,
      learner_id    uuid NOT NULL REFERENCES employment.learner (id),
      school_id     uuid NOT NULL,
      status        text NOT NULL CHECK (status IN ('employed','self_employed','further_study','unemployed_seeking','inactive','unknown')),
      effective_on  date NOT NULL,
      sector        text,
      employer_id   uuid,
      source        text NOT NULL CHECK (source IN ('school','enterprise','employment_centre','graduate')),
      reported_by   uuid,
      reported_at   timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE INDEX status_report_learner ON employment.status_report (learner_id, effective_on DESC, reported_at DESC)`);

    await db.query(`CREATE TABLE employment.school_settings (
      school_id           uuid PRIMARY KEY,
      follow_up_months    int[] NOT NULL,
      overdue_after_days  int NOT NULL,
      updated_at          timestamptz NOT NULL DEFAULT now()
    )`);

    await db.query(`CREATE TABLE employment.follow_up (
      id            uuid PRIMARY KEY,
      learner_id    uuid NOT NULL REFERENCES employment.learner (id),
      school_id     uuid NOT NULL,
      months_after  int  NOT NULL,
      due_on        date NOT NULL,
      state         text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled','due','answered','overdue')),
      became_due_at timestamptz,
      answered_at   timestamptz,
      overdue_at    timestamptz,
      UNIQUE (learner_id, months_after)
    )`);
    await db.query(`CREATE INDEX follow_up_open ON employment.follow_up (learner_id) WHERE state IN ('due','overdue')`);

    // One row per issued link: "usable once" is the used_at IS NULL guard of one UPDATE.
    await db.query(`CREATE TABLE employment.self_report_link (
      jti           uuid PRIMARY KEY,
      follow_up_id  uuid NOT NULL REFERENCES employment.follow_up (id),
      learner_id    uuid NOT NULL,
      expires_at    timestamptz NOT NULL,
      used_at       timestamptz,
      created_at    timestamptz NOT NULL DEFAULT now()
    )`);
    await db.query(`CREATE TABLE employment.link_signing_key (
      id          int PRIMARY KEY CHECK (id = 1),
      secret      bytea NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now()
    )`);

    await db.query(`CREATE TABLE employment.centre_subscription (
      centre_id   uuid NOT NULL,
      region      text NOT NULL,
      created_at  timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (centre_id, region)
    )`);
    await db.query(`CREATE INDEX centre_subscription_region ON employment.centre_subscription (region)`);

    await db.query(`CREATE TABLE employment.internship_record (
      internship_id  uuid PRIMARY KEY,
      learner_id     uuid NOT NULL,
      school_id      uuid NOT NULL,
      enterprise_id  uuid NOT NULL,
      specialty      text NOT NULL,
      completed_on   date NOT NULL,
      hours          int
    )`);
    await db.query(`CREATE INDEX internship_record_learner ON employment.internship_record (learner_id, enterprise_id)`);

    await db.query(`CREATE TABLE employment.cluster_member (
      cluster_id       uuid NOT NULL,
      organisation_id  uuid NOT NULL,
      active           boolean NOT NULL,
      as_of            timestamptz NOT NULL,
      PRIMARY KEY (cluster_id, organisation_id)
    )`);
    await db.query(`CREATE INDEX cluster_member_organisation ON employment.cluster_member (organisation_id) WHERE active`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const t of ['cluster_member', 'internship_record', 'centre_subscription', 'link_signing_key', 'self_report_link', 'follow_up', 'school_settings', 'status_report', 'learner']) {
      await db.query(`DROP TABLE employment.${t}`);
    }
  }
}
