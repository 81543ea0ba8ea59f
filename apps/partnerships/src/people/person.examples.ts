/** OpenAPI response examples. */
export const PERSON_EXAMPLE = {
  id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  organisationId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
  name: 'Dilnoza Karimova',
  email: 'coordinator@college3.uz',
  roles: ['coordinator'],
  language: 'uz',
  createdAt: '2026-09-01T09:00:00.000Z',
  updatedAt: '2026-09-01T09:00:00.000Z',
};
