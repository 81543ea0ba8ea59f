import { z } from 'zod';

/** Shared value types of the event contracts. */
export const ORGANISATION_TYPES = ['school', 'university', 'enterprise', 'employment_centre', 'training_centre'] as const;
export const organisationType = z.enum(ORGANISATION_TYPES);
export type OrganisationType = z.infer<typeof organisationType>;

export const ROLES = ['org_admin', 'coordinator', 'mentor', 'viewer', 'platform_admin'] as const;
export const role = z.enum(ROLES);
export type Role = z.infer<typeof role>;

export const id = z.uuid();
/** An ISO 3166-2 style region code, e.g. UZ-TK (Tashkent), UZ-SA (Samarkand). */
export const regionCode = z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'region code like UZ-TK');
export const isoDate = z.iso.date();
export const isoDateTime = z.iso.datetime({ offset: true });

export const AGREEMENT_SCOPES = ['internships', 'equipment', 'teacher_training', 'research', 'career_guidance'] as const;
export const agreementScope = z.enum(AGREEMENT_SCOPES);
export type AgreementScope = z.infer<typeof agreementScope>;

export const GRADUATE_STATUSES = ['employed', 'self_employed', 'further_study', 'unemployed_seeking', 'inactive', 'unknown'] as const;
export const graduateStatus = z.enum(GRADUATE_STATUSES);
export type GraduateStatus = z.infer<typeof graduateStatus>;

export const STATUS_SOURCES = ['school', 'enterprise', 'employment_centre', 'graduate'] as const;
export const statusSource = z.enum(STATUS_SOURCES);

/** A specialty (programme) code, e.g. a national classifier code or a short slug. */
export const specialty = z.string().min(1).max(100);
