/** OpenAPI response examples. */
export const ORGANISATION_EXAMPLE = {
  id: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
  type: 'school',
  name: 'Tashkent Vocational College No. 3',
  region: 'UZ-TK',
  address: 'Chilonzor district, 12',
  contactEmail: 'office@college3.uz',
  verified: true,
  createdAt: '2026-09-01T09:00:00.000Z',
  updatedAt: '2026-09-02T10:00:00.000Z',
};
