import { ApiTokenCreatedSchema, type ApiTokenCreate, type ApiTokenCreated } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { tokenKeys } from './keys';

/** `POST /auth/tokens` → 201, the only response that carries the secret token. */
export function createToken(input: ApiTokenCreate): Promise<ApiTokenCreated> {
  return apiRequest('/auth/tokens', ApiTokenCreatedSchema, { method: 'POST', body: input });
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokenKeys.lists() }),
  });
}
