/** OpenAPI response examples. */
export const ACTIVITY_EXAMPLE = {
  id: 'b3c1f0a2-6d4e-4f8a-9c2b-1e3d5f7a9b0c',
  clusterId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  organiserId: '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9',
  kind: 'gifted_club',
  title: 'Robotics club for gifted pupils',
  description: 'Arduino basics; bring a laptop',
  startsAt: '2026-10-05T10:00:00.000Z',
  endsAt: '2026-10-05T12:00:00.000Z',
  place: 'TSTU, building 2, lab 214',
  link: null,
  capacity: 30,
  registered: 12,
  status: 'scheduled',
  createdAt: '2026-09-20T09:00:00.000Z',
  updatedAt: '2026-09-22T15:00:00.000Z',
};

export const REGISTRATION_EXAMPLE = {
  registrationId: 'c4d2e1f3-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  activityId: ACTIVITY_EXAMPLE.id,
  organisationId: '5b0d7a8e-7a4f-4d1e-9d43-1f2a3b4c5d6e',
  participants: 5,
  remaining: 13,
};
