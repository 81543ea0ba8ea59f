export * from './redis';
export * from './queue-names';
export * from './scheduler/scheduled-job.decorators';
export * from './scheduler/scheduler';
export * from './scheduler/service-scheduler';
export * from './scheduler/scheduler.runtime';
export * from './scheduler/scheduler.module';
