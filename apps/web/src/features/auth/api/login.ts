import { LoginResponseSchema, type LoginRequest, type LoginResponse } from '@switchboard/api-contract';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/http';
import { sessionStore } from '../../../lib/session';

/** `POST /auth/login` */
export function login(credentials: LoginRequest): Promise<LoginResponse> {
  return apiRequest('/auth/login', LoginResponseSchema, { method: 'POST', body: credentials });
}

/** Signs in and starts the session. */
export function useLogin() {
  return useMutation({
    mutationFn: login,
    onSuccess: (response) => sessionStore.start(response),
  });
}
