import type { ApiToken } from '@switchboard/api-contract';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiRequestNoContent } from '../../../lib/http';
import { tokenKeys } from './keys';

/** `DELETE /auth/tokens/:id` → 204; the token stops working at once. */
export function revokeToken(id: string): Promise<void> {
  return apiRequestNoContent(`/auth/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: Pick<ApiToken, 'id' | 'name'>) => revokeToken(token.id),
    onSuccess: (_result, token) => {
      queryClient.setQueryData<ApiToken[]>(tokenKeys.lists(), (list) =>
        list?.filter((t) => t.id !== token.id),
      );
      void queryClient.invalidateQueries({ queryKey: tokenKeys.lists() });
    },
  });
}
