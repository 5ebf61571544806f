import { UserSchema, type User } from '@switchboard/api-contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { sessionStore } from '../../../lib/session';
import { authKeys } from './keys';

/** `GET /auth/me` */
export async function getMe(signal?: AbortSignal): Promise<User> {
  const user = await apiRequest('/auth/me', UserSchema, { signal });
  sessionStore.updateUser(user);
  return user;
}

export const meQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => getMe(signal),
    staleTime: 5 * 60_000,
  });

/** The signed-in user as the API sees it now (refreshes the stored copy). */
export function useMe(enabled = true) {
  return useQuery({ ...meQueryOptions(), enabled });
}
