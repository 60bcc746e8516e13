/** The users of the permission tests, as entity refs. */
export const ADMIN = 'user:default/admin';
export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
export const CAROL = 'user:default/carol';
export const EVE = 'user:default/eve';
