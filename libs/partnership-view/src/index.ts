export * from './partnership-view.consumer';
export * from './partnership-view.entities';
export * from './partnership-view.sql';
