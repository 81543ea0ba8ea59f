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
