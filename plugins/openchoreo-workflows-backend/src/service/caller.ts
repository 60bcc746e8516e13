import { BackstageCredentials } from '@backstage/backend-plugin-api';

/** Who a request acts for: a user's entity ref, or `service:<subject>`. */
export function userOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string };
  return principal.type === 'user'
    ? principal.userEntityRef
    : `service:${principal.subject}`;
}
