export * from './protocol-versions';
export * from './v03.schemas';
export * from './v10-push.schemas';
export * from './v03-translate';
export * from './v03-card-translate';
export * from './card-version';
export * from './method-names';
