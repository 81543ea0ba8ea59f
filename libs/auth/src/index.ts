export * from './principal';
export * from './dev-keys';
export * from './token-verifier';
export * from './token-minter';
export * from './auth.decorators';
export * from './auth.guard';
export * from './auth.module';
