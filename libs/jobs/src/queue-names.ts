/**
 * BullMQ queue names. WIRE CONTRACT: a job added under one name is only ever picked up by workers
 * listening on the same name, in every running version; rename only with a drain-and-switch.
 */
export enum QueueName {
  /** Scheduled domain transitions (agreement expiry, placement deadlines, internship start/end). */
  Schedules = 'schedules',
  /** Graduate follow-ups at 6, 12 and 36 months. */
  FollowUps = 'follow-ups',
  /** Outgoing messages: e-mail, webhooks, in-app. */
  Notifications = 'notifications',
}
