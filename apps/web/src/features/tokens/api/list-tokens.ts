import { ApiTokenSchema, type ApiToken } from '@switchboard/api-contract';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiRequest } from '../../../lib/http';
import { tokenKeys } from './keys';

const ApiTokenListSchema = z.array(ApiTokenSchema);

/** `GET /auth/tokens`: the signed-in user's tokens (metadata only), newest first. */
export function listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return apiRequest('/auth/tokens', ApiTokenListSchema, { signal });
}

/** Tokens are used outside this page (scripts, MCP clients): "last used" is asked for on every visit and poll. */
const TOKEN_LIST_REFRESH_MS = 15_000;

export const tokenListQueryOptions = () =>
  queryOptions({
    queryKey: tokenKeys.lists(),
    queryFn: ({ signal }) => listTokens(signal),
    staleTime: 0,
    refetchInterval: TOKEN_LIST_REFRESH_MS,
  });

export function useTokenList() {
  return useQuery(tokenListQueryOptions());
}
